// Package train trains GPT-2 models: the backward pass of every layer, the
// cross-entropy loss, AdamW and the learning-rate schedule, data batching and
// exact-resume checkpoints. It follows the structure of Karpathy's llm.c
// train_gpt2.c: every layer is an x_forward / x_backward pair over flat
// buffers, parameters live in one flat buffer with one view per tensor (in
// the order of model.Config.Tensors), and activations are allocated once for
// a batch shape.
//
// Shape legend (one for the whole package):
//
//	B  sequences in a batch          T  tokens per sequence
//	C  channels (n_embd)             F  MLP width (4C)
//	NH heads                         hs head size C/NH
//	V  vocabulary (50257)            L  layers
//	N  = B*T rows of a batch
//
// The maths, per layer l, on x [N, C]:
//
//	h   = x + c_proj(attn(ln_1(x)))        attn: causal softmax(q k^T/sqrt(hs)) v
//	x'  = h + mlp.c_proj(gelu(c_fc(ln_2(h))))   gelu: tanh approximation
//	logits = ln_f(x_L) wte^T               (output head tied to wte)
//	loss   = mean over N of -log softmax(logits)[target]
//
// Linear weights are [out, in] (the engine's layout, nn.Linear's), so
// y = x W^T + b.
//
// The kernels are generic over float32 and float64: training runs in
// float32; the gradient check instantiates the same code in float64 and
// compares it with central finite differences.
//
// AdamW (Loshchilov & Hutter) decays every matrix, embeddings included (as
// GPT-2 and nanoGPT do), and no vector (biases, LayerNorm gains and shifts).
// Gradients are clipped to a global L2 norm of 1.0; the learning rate warms
// up linearly and then follows a cosine down to a tenth of its peak.
package train
