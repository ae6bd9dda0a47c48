"""matmul in all of torch.matmul's forms."""
from golden import Suite, randn


def build():
    s = Suite("linalg")
    s.op("matmul", lambda a, b: a @ b, atol=1e-4, rtol=1e-4)
    s.case("matmul", [randn(5), randn(5)])                       # dot
    s.case("matmul", [randn(3, 4), randn(4)])                    # matrix-vector
    s.case("matmul", [randn(4), randn(4, 3)])                    # vector-matrix
    s.case("matmul", [randn(3, 4), randn(4, 5)])
    s.case("matmul", [randn(3, 4, layout="transposed"), randn(4, 5, layout="transposed")])
    s.case("matmul", [randn(3, 4, layout="strided"), randn(4, 5, layout="offset")])
    s.case("matmul", [randn(2, 3, 4), randn(2, 4, 5)])           # batched
    s.case("matmul", [randn(2, 1, 3, 4), randn(5, 4, 2)])        # broadcast batch dims
    s.case("matmul", [randn(2, 3, 4), randn(4, 6)])              # batch @ matrix
    s.case("matmul", [randn(4), randn(2, 4, 3)])                 # vector @ batch
    s.case("matmul", [randn(2, 3, 4), randn(4)])                 # batch @ vector
    s.case("matmul", [randn(1, 4), randn(4, 1)])
    s.case("matmul", [randn(0, 4), randn(4, 3)])                 # empty
    s.case("matmul", [randn(3, 0), randn(0, 2)])                 # empty inner dim
    s.case("matmul", [randn(17, 33), randn(33, 19, grad=False)])
    s.case("matmul", [randn(64, 48, scale=0.2), randn(48, 40, scale=0.2)])
    s.error("matmul", [randn(4, 3), randn(4, 2)])
    s.error("matmul", [randn(2, 3, 4), randn(3, 4, 5)])
    return s
