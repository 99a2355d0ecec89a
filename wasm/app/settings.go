package app

import (
	"fmt"
	"strconv"
	"strings"

	"gpt2/wasm/protocol"
)

// Field ids of the settings form (the page's stable hooks).
const (
	FieldMaxNewTokens      = "max-new-tokens"
	FieldTemperature       = "temperature"
	FieldTopK              = "top-k"
	FieldTopP              = "top-p"
	FieldRepetitionPenalty = "repetition-penalty"
	FieldSeed              = "seed"
	FieldNumSequences      = "num-sequences"
)

// ParseSettings reads the form's values (by field id) into settings; an
// error names the field the user must fix.
func ParseSettings(values map[string]string, stop []string) (protocol.Settings, error) {
	var s protocol.Settings
	var err error
	integer := func(id string, dst *int) {
		if err == nil {
			*dst, err = strconv.Atoi(strings.TrimSpace(values[id]))
			if err != nil {
				err = fmt.Errorf("%s: %q is not a whole number", id, values[id])
			}
		}
	}
	real := func(id string, dst *float64) {
		if err == nil {
			*dst, err = strconv.ParseFloat(strings.TrimSpace(values[id]), 64)
			if err != nil {
				err = fmt.Errorf("%s: %q is not a number", id, values[id])
			}
		}
	}
	integer(FieldMaxNewTokens, &s.MaxNewTokens)
	real(FieldTemperature, &s.Temperature)
	integer(FieldTopK, &s.TopK)
	real(FieldTopP, &s.TopP)
	real(FieldRepetitionPenalty, &s.RepetitionPenalty)
	integer(FieldNumSequences, &s.NumReturnSequences)
	if err == nil {
		s.Seed, err = strconv.ParseUint(strings.TrimSpace(values[FieldSeed]), 10, 64)
		if err != nil {
			err = fmt.Errorf("%s: %q is not a whole number >= 0", FieldSeed, values[FieldSeed])
		}
	}
	if err != nil {
		return protocol.Settings{}, err
	}
	s.Stop = stop
	return s, s.Validate()
}

// FormValues renders settings as the form's values (by field id).
func FormValues(s protocol.Settings) map[string]string {
	g := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	return map[string]string{
		FieldMaxNewTokens:      strconv.Itoa(s.MaxNewTokens),
		FieldTemperature:       g(s.Temperature),
		FieldTopK:              strconv.Itoa(s.TopK),
		FieldTopP:              g(s.TopP),
		FieldRepetitionPenalty: g(s.RepetitionPenalty),
		FieldSeed:              strconv.FormatUint(s.Seed, 10),
		FieldNumSequences:      strconv.Itoa(s.NumReturnSequences),
	}
}
