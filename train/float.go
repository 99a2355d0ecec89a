package train

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Float is the element type the kernels are instantiated with: float32 for
// training, float64 for the gradient check.
type Float interface{ ~float32 | ~float64 }

var impl gonum.Implementation

// gemm computes c = a' b' + beta c with a' = a or a^T (transA) and likewise
// b', all row-major: a' [m, k], b' [k, n], c [m, n].
func gemm[F Float](transA, transB bool, m, n, k int, a []F, lda int, b []F, ldb int, beta F, c []F, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if transA {
		ta = blas.Trans
	}
	if transB {
		tb = blas.Trans
	}
	switch a := any(a).(type) {
	case []float32:
		impl.Sgemm(ta, tb, m, n, k, 1, a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	case []float64:
		impl.Dgemm(ta, tb, m, n, k, 1, a, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	}
}

func sqrt[F Float](x F) F { return F(math.Sqrt(float64(x))) }
func exp[F Float](x F) F  { return F(math.Exp(float64(x))) }
func tanh[F Float](x F) F { return F(math.Tanh(float64(x))) }
func log[F Float](x F) F  { return F(math.Log(float64(x))) }
