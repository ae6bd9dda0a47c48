"""Integer-indexed ops: index_select, gather, scatter_add, embedding, one_hot."""
import torch
import torch.nn.functional as F

from golden import Suite, int_values, ints, randn


def build():
    s = Suite("indexing")
    # forwards copy values exactly; backwards sum repeated indices, so allow float rounding there
    s.op("index_select", lambda x, idx, dim: torch.index_select(x, dim, idx), atol=0, rtol=0, grad_atol=1e-5, grad_rtol=1e-4)
    s.op("gather", lambda x, idx, dim: torch.gather(x, dim, idx), atol=0, rtol=0, grad_atol=1e-5, grad_rtol=1e-4)
    s.op("scatter_add", lambda x, idx, src, dim: torch.scatter_add(x, dim, idx, src))
    s.op("embedding", lambda ids, w: F.embedding(ids, w), atol=0, rtol=0, grad_atol=1e-5, grad_rtol=1e-4)
    s.op("one_hot", lambda ids, num_classes: F.one_hot(ids, num_classes).float(), atol=0, rtol=0)

    s.case("index_select", [randn(5, 3), int_values([4, 0, 2])], dim=0)
    s.case("index_select", [randn(5, 3), int_values([1, 1, 1, 0, 1])], dim=0)       # repeats accumulate
    s.case("index_select", [randn(3, 5), int_values([4, 4, 0])], dim=-1)
    s.case("index_select", [randn(2, 5, 3, layout="transposed"), int_values([3, 1, 3])], dim=1)
    s.case("index_select", [randn(4, 6, layout="strided"), int_values([5, 0])], dim=1)
    s.case("index_select", [randn(6, 2, layout="offset"), int_values([2])], dim=0)
    s.case("index_select", [randn(5, 3), int_values(2)], dim=0)                     # 0-d index
    s.case("index_select", [randn(5, 3), int_values([])], dim=0)                    # no indices
    s.case("index_select", [randn(), int_values([0])], dim=0)
    s.case("index_select", [randn(40, 8, grad=False), ints(0, 40, 25)], dim=0)
    s.case("index_select", [randn(3, 40), ints(0, 40, 60)], dim=1)
    s.error("index_select", [randn(5, 3), int_values([0, 5])], dim=0)
    s.error("index_select", [randn(5, 3), int_values([-1])], dim=0)
    s.error("index_select", [randn(5, 3), int_values([[0, 1]])], dim=0)
    s.error("index_select", [randn(5, 3), int_values([0])], dim=2)

    s.case("gather", [randn(3, 4), int_values([[0, 1, 2, 3], [3, 3, 0, 0]])], dim=1)
    s.case("gather", [randn(3, 4), int_values([[2, 0, 1, 1], [0, 0, 0, 0], [1, 2, 2, 0], [2, 2, 2, 2]])], dim=0)  # larger along dim
    s.case("gather", [randn(3, 4), int_values([[1], [0]])], dim=-1)                 # smaller elsewhere
    s.case("gather", [randn(2, 3, 4, layout="transposed"), ints(0, 3, 2, 5, 4)], dim=1)
    s.case("gather", [randn(3, 5, layout="strided"), ints(0, 5, 3, 2)], dim=1)
    s.case("gather", [randn(4, 3, layout="offset"), ints(0, 4, 2, 3)], dim=0)
    s.case("gather", [randn(5), int_values([4, 4, 0])], dim=0)
    s.case("gather", [randn(), int_values(0)], dim=0)
    s.case("gather", [randn(3, 4), int_values([[], []])], dim=1)
    s.case("gather", [randn(8, 10), ints(0, 10, 8, 10)], dim=1)
    s.error("gather", [randn(3, 4), int_values([[0, 4]])], dim=1)
    s.error("gather", [randn(3, 4), int_values([[0, -1]])], dim=1)
    s.error("gather", [randn(3, 4), int_values([0, 1])], dim=1)                     # rank mismatch
    s.error("gather", [randn(3, 4), int_values([[0, 1, 2, 0, 1]])], dim=0)         # too large outside dim
    s.error("gather", [randn(3, 4), int_values([[0]])], dim=2)

    s.case("scatter_add", [randn(3, 4), int_values([[0, 1, 2, 0], [2, 2, 2, 2]]), randn(2, 4)], dim=0)
    s.case("scatter_add", [randn(3, 4), int_values([[3, 3, 3], [0, 1, 3]]), randn(2, 3)], dim=1)   # repeats accumulate
    s.case("scatter_add", [randn(3, 4), int_values([[3], [0], [1]]), randn(3, 1)], dim=-1)
    s.case("scatter_add", [randn(3, 4, layout="transposed"), int_values([[0, 1], [2, 0]]), randn(2, 2, layout="strided")], dim=0)
    s.case("scatter_add", [randn(3, 4, layout="offset"), int_values([[0, 0], [1, 1]]), randn(2, 3, grad=False)], dim=1)  # src larger
    s.case("scatter_add", [randn(2, 3, 4, grad=False), ints(0, 3, 2, 5, 4), randn(2, 5, 4)], dim=1)
    s.case("scatter_add", [randn(5), int_values([4, 4, 0]), randn(3)], dim=0)
    s.case("scatter_add", [randn(), int_values(0), randn()], dim=0)
    s.case("scatter_add", [randn(3, 4), int_values([[]]), randn(1, 0)], dim=0)
    s.error("scatter_add", [randn(3, 4), int_values([[3, 0]]), randn(1, 2)], dim=0)
    s.error("scatter_add", [randn(3, 4), int_values([[-1]]), randn(1, 1)], dim=0)
    s.error("scatter_add", [randn(3, 4), int_values([0, 1]), randn(2)], dim=0)    # rank mismatch
    s.error("scatter_add", [randn(3, 4), int_values([[0, 1, 1]]), randn(1, 2)], dim=0)  # index larger than src
    s.error("scatter_add", [randn(3, 4), int_values([[0, 1, 0, 1, 1]]), randn(1, 5)], dim=0)  # larger than self outside dim
    s.error("scatter_add", [randn(3, 4), int_values([[0]]), randn(1, 1)], dim=-3)

    s.case("embedding", [int_values([0, 2, 2, 5]), randn(6, 3)])
    s.case("embedding", [int_values([[1, 0, 1], [3, 3, 3]]), randn(4, 5)])
    s.case("embedding", [int_values(2), randn(4, 3)])                               # 0-d ids
    s.case("embedding", [int_values([]), randn(4, 3)])
    s.case("embedding", [int_values([[2], [0]]), randn(3, 4, layout="transposed")])
    s.case("embedding", [int_values([1, 0]), randn(2, 5, layout="offset")])
    s.case("embedding", [ints(0, 50, 4, 7), randn(50, 16)])
    s.error("embedding", [int_values([0, 4]), randn(4, 3)])
    s.error("embedding", [int_values([-1]), randn(4, 3)])
    s.error("embedding", [int_values([0]), randn(4)])

    s.case("one_hot", [int_values([0, 2, 1, 2])], num_classes=3)
    s.case("one_hot", [int_values([[0, 4], [1, 1]])], num_classes=6)
    s.case("one_hot", [int_values([3, 0, 1])], num_classes=-1)                      # inferred: max + 1
    s.case("one_hot", [int_values(1)], num_classes=2)
    s.case("one_hot", [int_values([])], num_classes=4)
    s.error("one_hot", [int_values([0, 3])], num_classes=3)
    s.error("one_hot", [int_values([0, -1])], num_classes=3)
    s.error("one_hot", [int_values([])], num_classes=-1)
    return s
