// Package generate turns a GPT-2 model into text: it prefills a prompt,
// forks the key/value cache for each returned sequence, and picks one token
// at a time with Hugging Face's logits processors, streaming the text as it
// becomes complete UTF-8.
//
// Shape legend: V vocabulary, P positions (n_positions), T tokens so far.
//
// # One step
//
// The model gives the logits l [V] of the next token. In the order of
// Hugging Face's GenerationMixin (transformers 4.4x, _get_logits_processor):
//
//	repetition_penalty   for each id already in the sequence, prompt included:
//	                     l > 0 ? l/penalty : l*penalty       (once per id)
//	no_repeat_ngram_size ban (l = -Inf) every token that would repeat an
//	                     n-gram already present in the sequence
//
// then, only when sampling (do_sample and temperature > 0):
//
//	temperature  l/t
//	top_k        keep the k highest logits; ties with the k-th are all kept
//	             (HF removes only logits < the k-th largest)
//	top_p        keep the smallest set of most probable tokens whose
//	             probability sums to at least p (at least one token)
//	min_p        keep tokens with p >= min_p * max p
//	draw         one token from softmax over what is left
//
// Without sampling the token is the argmax (lowest id on ties).
//
// # Determinism
//
// Candidates are ordered by (logit descending, id ascending), a total order,
// so every selection is reproducible. Probabilities are computed in float64
// with a pure-Go exp (exp.go), not math.Exp, which is assembly on amd64 and
// Go on wasm; with the random source passed in (math/rand/v2 PCG seeded with
// (seed, sequence index)), the same logits and seed give the same tokens
// natively and in WebAssembly.
//
// # Length, stop strings and the context window
//
// A sequence ends with finish reason "eos" (eos_token_id sampled; the id is
// kept in the ids, its text only when skip_special_tokens is false),
// "stop" (the decoded text contains a stop string: the text is cut before
// it, the ids keep the token that completed it), "length" (max_new_tokens,
// or max_length counted prompt included, reached) or "cancelled" (the
// context was cancelled; what was produced is returned). Text that could be
// the start of a stop string is held back from the stream until it is
// known not to be one, so the streamed text always equals Sequence.Text.
//
// The model sees at most P positions. When the sequence no longer fits, the
// cache is rebuilt from the most recent Keep(P) = P - max(1, P/4) tokens
// (see window.go), so a recompute happens at most once every P/4 tokens.
// A prompt longer than P is cut the same way before prefill. Repetition
// penalty and no-repeat n-grams always look at the whole sequence.
//
// References: Hugging Face transformers generation/logits_process.py
// (RepetitionPenaltyLogitsProcessor, NoRepeatNGramLogitsProcessor,
// TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper,
// MinPLogitsWarper) and generation/configuration_utils.py for the defaults.
package generate
