package app

import (
	"fmt"
	"strings"

	"gpt2/wasm/protocol"
)

// Bytes formats a byte count in decimal units.
func Bytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// Percent returns done/total in whole percent, 0..100.
func Percent(p protocol.Progress) int {
	if p.Total <= 0 {
		return 0
	}
	pc := int(p.Done * 100 / p.Total)
	return min(max(pc, 0), 100)
}

// ProgressText is the text beside the progress bar.
func ProgressText(p protocol.Progress) string {
	return fmt.Sprintf("%s of %s (%d%%)", Bytes(p.Done), Bytes(p.Total), Percent(p))
}

// StatsText is the line under the output after a run.
func StatsText(d protocol.Done) string {
	reasons := strings.Join(d.FinishReasons, ", ")
	return fmt.Sprintf("%d tokens generated (prompt %d) · time to first token %.0f ms · %.1f tokens/s · finished: %s",
		d.NewTokens, d.PromptTokens, float64(d.TimeToFirstToken), d.TokensPerSecond, reasons)
}

// ModelText describes a loaded model.
func ModelText(l protocol.Loaded) string {
	src := "downloaded"
	if l.FromCache {
		src = "from the browser cache"
	}
	return fmt.Sprintf("%s: %.1fM parameters, %d layers, context %d tokens, %s %s in %.0f ms",
		l.Name, float64(l.Parameters)/1e6, l.Layers, l.Context, Bytes(l.Bytes), src, float64(l.LoadTime))
}
