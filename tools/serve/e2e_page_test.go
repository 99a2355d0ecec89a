//go:build !js

package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gpt2/generate"
	"gpt2/model"
	"gpt2/wasm/app"
)

// The page's state, read in one evaluation.
type pageState struct {
	State    string   `json:"state"`
	Status   string   `json:"status"`
	Progress float64  `json:"progress"`
	Text     string   `json:"progressText"`
	Error    string   `json:"error"`
	Stats    string   `json:"stats"`
	Outputs  []string `json:"outputs"`
	Prompts  []string `json:"prompts"`
}

const readState = `(() => ({
	state: document.getElementById('status').dataset.state,
	status: document.getElementById('status').textContent,
	progress: document.getElementById('progress').value,
	progressText: document.getElementById('progress-text').textContent,
	error: document.getElementById('error').hidden ? '' : document.getElementById('error-text').textContent,
	stats: document.getElementById('stats').textContent,
	outputs: [...document.querySelectorAll('#output .completion')].map(e => e.textContent),
	prompts: [...document.querySelectorAll('#output .prompt')].map(e => e.textContent),
}))()`

func state(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readState))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	return s
}

// waitSettled waits until #status leaves loading/generating (and, after a
// generation, the stats are shown).
func waitSettled(t *testing.T, ctx context.Context, wantStats bool) pageState {
	t.Helper()
	cond := `['ready', 'error'].includes(document.getElementById('status').dataset.state)`
	if wantStats {
		cond = `(document.getElementById('status').dataset.state === 'ready' && document.getElementById('stats').textContent !== '') || document.getElementById('status').dataset.state === 'error'`
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("waiting for the page: %v (state %+v)", err, state(t, ctx))
	}
	return state(t, ctx)
}

func open(t *testing.T, ctx context.Context, url string) pageState {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	s := waitSettled(t, ctx, false)
	if s.State != "ready" {
		t.Fatalf("the model did not load: %+v", s)
	}
	return s
}

// fill sets the prompt and the settings fields (by id) on the page.
func fill(t *testing.T, ctx context.Context, prompt string, fields map[string]string) {
	t.Helper()
	vals := map[string]string{"prompt": prompt}
	for k, v := range fields {
		vals[k] = v
	}
	js, _ := json.Marshal(vals)
	expr := `(() => { const v = ` + string(js) + `; for (const id in v) document.getElementById(id).value = v[id]; return true })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err != nil {
		t.Fatal(err)
	}
}

func generateOnPage(t *testing.T, ctx context.Context, prompt string, fields map[string]string) pageState {
	t.Helper()
	fill(t, ctx, prompt, fields)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("generate"))); err != nil {
		t.Fatal(err)
	}
	s := waitSettled(t, ctx, true)
	if s.State != "ready" || s.Error != "" {
		t.Fatalf("generation failed: %+v", s)
	}
	return s
}

// nativeText runs the same generation natively, through the same mapping
// from the page's fields to generate.Options.
func nativeText(t *testing.T, env *e2e, prompt string, fields map[string]string) []string {
	t.Helper()
	s, err := app.ParseSettings(fields, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(env.native.Weights)
	if err != nil {
		t.Fatal(err)
	}
	tok := env.native.Tokenizer
	res, err := generate.Generate(context.Background(), m, tok, tok.EncodeSpecial(prompt), app.Options(s, env.native.Generation), nil)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, seq := range res.Sequences {
		texts = append(texts, seq.Text)
	}
	return texts
}

func fields(maxNew, temperature, topK, topP, penalty, seed, n string) map[string]string {
	return map[string]string{
		app.FieldMaxNewTokens: maxNew, app.FieldTemperature: temperature, app.FieldTopK: topK,
		app.FieldTopP: topP, app.FieldRepetitionPenalty: penalty, app.FieldSeed: seed, app.FieldNumSequences: n,
	}
}
