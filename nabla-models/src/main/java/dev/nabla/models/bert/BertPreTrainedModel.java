package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What every BERT model shares, as Hugging Face's BertPreTrainedModel: its config, the initialisation of new weights,
 * and saving to a Hugging Face directory under its own architecture name ("BertForMaskedLM").
 */
public abstract class BertPreTrainedModel extends Module {
    public final BertConfig config;

    BertPreTrainedModel(BertConfig config) {
        this.config = config;
    }

    /** Writes config.json (architectures = this class's name) and model.safetensors in Hugging Face's layout. */
    public void save(Path dir) throws IOException {
        BertFiles.save(this, config, getClass().getSimpleName(), dir);
    }

    /** Hugging Face's _init_weights over m's parameters: weights N(0, initializerRange), biases 0, LayerNorm 1 and 0. */
    static void initWeights(Module m, BertConfig c, Generator g) {
        try (var ignored = NoGrad.enter()) {
            m.namedParameters().forEach((name, p) -> {
                if (name.endsWith("LayerNorm.weight")) Init.constant_(p, 1f);
                else if (name.endsWith("bias")) p.zero_();
                else Init.normal_(p, 0f, c.initializerRange(), g);
            });
        }
    }
}
