package dev.nabla.optim;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * lr = base_lr * factor(epoch), as torch.optim.lr_scheduler.LambdaLR. The functions are not part of the saved state
 * (as in torch): a resumed run builds the scheduler with the same functions, then loads the step count.
 */
public final class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> factors;

    /** One function for every group. */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), factor));
    }

    /** One function per group. */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> factors) {
        super(optimizer);
        if (factors.size() != baseLrs.length)
            throw new IllegalArgumentException("LambdaLR: expected " + baseLrs.length + " lr_lambdas (one per group), got " + factors.size());
        this.factors = List.copyOf(factors);
        initialize();
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return baseLrs[group] * factors.get(group).applyAsDouble(epoch);
    }
}
