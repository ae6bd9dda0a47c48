"""A tiny BERT-shaped checkpoint in Hugging Face's BertForPreTraining layout, with what it should compute.

transformers is not installed here, so the model below is BertForPreTraining's computation written out in torch:
embeddings (word + position + token type, LayerNorm eps 1e-12), post-LayerNorm layers (self-attention with the
additive mask (1 - attention_mask) * float32's lowest, exact erf GELU in the feed-forward), the pooler (tanh of a
dense layer on the first token), the MLM head (dense, GELU, LayerNorm, decoder tied to the word embeddings + bias)
and the NSP head. Writes nabla-models/src/test/resources/bert-tiny/: config.json, model.safetensors (F32 with the
"bert." prefix, plus what HF files carry besides: the I64 embeddings.position_ids buffer and the tied copies
cls.predictions.decoder.weight / .bias) and expected.json: for a padded batch of sentence pairs the last hidden
state, pooled output, MLM and NSP logits, and for the MLM + NSP loss its value and a few parameters' gradients.
The reference runs in float64. Run: /usr/bin/python3 tools/goldens/bert.py
"""
import json
import math
import os

import torch

from golden import write_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-models", "src", "test", "resources", "bert-tiny")
VOCAB, HIDDEN, LAYERS, HEADS, FFN, POS, TYPES, EPS = 99, 32, 2, 4, 48, 40, 2, 1e-12
GRADS = ["bert.embeddings.word_embeddings.weight", "bert.embeddings.token_type_embeddings.weight",
         "bert.embeddings.LayerNorm.weight", "bert.encoder.layer.0.attention.self.query.weight",
         "bert.encoder.layer.1.intermediate.dense.bias", "bert.encoder.layer.1.output.LayerNorm.bias",
         "bert.pooler.dense.weight", "cls.predictions.bias", "cls.predictions.transform.dense.weight",
         "cls.seq_relationship.weight"]


def make_weights(g):
    def rnd(*shape, std):
        return (torch.randn(*shape, generator=g) * std).double()

    def linear(name, fan_in, fan_out):
        w[name + ".weight"] = rnd(fan_out, fan_in, std=1 / math.sqrt(fan_in))  # torch Linear: (out, in)
        w[name + ".bias"] = rnd(fan_out, std=0.1)

    def norm(name):
        w[name + ".weight"] = 1 + rnd(HIDDEN, std=0.1)
        w[name + ".bias"] = rnd(HIDDEN, std=0.1)

    w = {"bert.embeddings.word_embeddings.weight": rnd(VOCAB, HIDDEN, std=0.5),
         "bert.embeddings.position_embeddings.weight": rnd(POS, HIDDEN, std=0.3),
         "bert.embeddings.token_type_embeddings.weight": rnd(TYPES, HIDDEN, std=0.3)}
    norm("bert.embeddings.LayerNorm")
    for i in range(LAYERS):
        p = "bert.encoder.layer.%d." % i
        for name in ("query", "key", "value"):
            linear(p + "attention.self." + name, HIDDEN, HIDDEN)
        linear(p + "attention.output.dense", HIDDEN, HIDDEN)
        norm(p + "attention.output.LayerNorm")
        linear(p + "intermediate.dense", HIDDEN, FFN)
        linear(p + "output.dense", FFN, HIDDEN)
        norm(p + "output.LayerNorm")
    linear("bert.pooler.dense", HIDDEN, HIDDEN)
    linear("cls.predictions.transform.dense", HIDDEN, HIDDEN)
    norm("cls.predictions.transform.LayerNorm")
    w["cls.predictions.bias"] = rnd(VOCAB, std=0.1)
    linear("cls.seq_relationship", HIDDEN, 2)
    return w


def gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def linear(x, w, p):
    return x @ w[p + ".weight"].t() + w[p + ".bias"]


def layer_norm(x, w, p):
    return torch.nn.functional.layer_norm(x, (HIDDEN,), w[p + ".weight"], w[p + ".bias"], EPS)


def forward(w, ids, types, mask):  # (B, T) each -> last hidden (B, T, H), pooled (B, H), MLM (B, T, V), NSP (B, 2)
    b, t = ids.shape
    x = (w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.position_embeddings.weight"][torch.arange(t)]
         + w["bert.embeddings.token_type_embeddings.weight"][types])
    x = layer_norm(x, w, "bert.embeddings.LayerNorm")
    additive = (1.0 - mask.double())[:, None, None, :] * torch.finfo(torch.float32).min
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = "bert.encoder.layer.%d." % i
        q, k, v = (linear(x, w, p + "attention.self." + n).view(b, t, HEADS, d).transpose(1, 2) for n in ("query", "key", "value"))
        att = ((q @ k.transpose(-1, -2)) / math.sqrt(d) + additive).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = layer_norm(linear(y, w, p + "attention.output.dense") + x, w, p + "attention.output.LayerNorm")
        h = gelu(linear(x, w, p + "intermediate.dense"))
        x = layer_norm(linear(h, w, p + "output.dense") + x, w, p + "output.LayerNorm")
    pooled = torch.tanh(linear(x[:, 0], w, "bert.pooler.dense"))
    z = layer_norm(gelu(linear(x, w, "cls.predictions.transform.dense")), w, "cls.predictions.transform.LayerNorm")
    mlm = z @ w["bert.embeddings.word_embeddings.weight"].t() + w["cls.predictions.bias"]
    return x, pooled, mlm, linear(pooled, w, "cls.seq_relationship")


def rounded(t):
    return [float("%.7g" % v) for v in t.reshape(-1).tolist()]


def main():
    g = torch.Generator().manual_seed(9)
    w = {k: v.float().double() for k, v in make_weights(g).items()}  # float32 values, float64 arithmetic
    os.makedirs(OUT, exist_ok=True)
    stored = {}
    for k, v in w.items():
        stored[k] = v.float()
        if k == "bert.embeddings.token_type_embeddings.weight":
            stored["bert.embeddings.position_ids"] = torch.arange(POS).view(1, POS)  # buffer, I64
    stored["cls.predictions.decoder.weight"] = stored["bert.embeddings.word_embeddings.weight"]  # tied copies
    stored["cls.predictions.decoder.bias"] = stored["cls.predictions.bias"]
    write_safetensors(os.path.join(OUT, "model.safetensors"), stored)
    config = {"architectures": ["BertForPreTraining"], "model_type": "bert", "vocab_size": VOCAB, "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN, "hidden_act": "gelu",
              "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": POS,
              "type_vocab_size": TYPES, "initializer_range": 0.02, "layer_norm_eps": EPS, "pad_token_id": 0,
              "position_embedding_type": "absolute", "classifier_dropout": None}
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2)

    # sentence pairs [CLS]=1 a.. [SEP]=2 b.. [SEP]=2, padded with 0 to the longest; token types 0 then 1
    lengths, firsts, t = (9, 6, 4), (4, 2, 1), 9
    ids, types, mask = torch.zeros(3, t, dtype=torch.long), torch.zeros(3, t, dtype=torch.long), torch.zeros(3, t, dtype=torch.long)
    for r, (n, a) in enumerate(zip(lengths, firsts)):
        ids[r, :n] = torch.randint(5, VOCAB, (n,), generator=g)
        ids[r, 0], ids[r, a + 1], ids[r, n - 1] = 1, 2, 2
        types[r, a + 2:n] = 1
        mask[r, :n] = 1
    mlm_labels = torch.full((3, t), -100, dtype=torch.long)
    for r, c in ((0, 2), (0, 6), (1, 1), (1, 4), (2, 2)):
        mlm_labels[r, c] = int(torch.randint(5, VOCAB, (1,), generator=g))
    nsp_labels = torch.tensor([0, 1, 0])

    for v in w.values():
        v.requires_grad_(True)
    hidden, pooled, mlm, nsp = forward(w, ids, types, mask)
    ce = torch.nn.functional.cross_entropy
    loss = ce(mlm.view(-1, VOCAB), mlm_labels.view(-1), ignore_index=-100) + ce(nsp, nsp_labels)
    loss.backward()
    expected = {"input_ids": ids.tolist(), "token_type_ids": types.tolist(), "attention_mask": mask.tolist(),
                "last_hidden_state": rounded(hidden), "pooler_output": rounded(pooled), "prediction_logits": rounded(mlm),
                "seq_relationship_logits": rounded(nsp), "mlm_labels": mlm_labels.tolist(), "next_sentence_label": nsp_labels.tolist(),
                "loss": float("%.9g" % loss.item()), "grads": {k: rounded(w[k].grad) for k in GRADS}}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f)
    print("wrote", OUT, "loss %.6f" % loss.item())


if __name__ == "__main__":
    main()
