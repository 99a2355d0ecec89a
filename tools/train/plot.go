package main

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// plotLog draws the training loss (a moving average over 20 steps) and the
// validation loss against the step, from the JSONL log, as a PNG.
func plotLog(logPath, pngPath string) error {
	recs, err := readLog(logPath)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fmt.Errorf("%s: no records to plot", logPath)
	}
	const window = 20
	var trainPts, valPts plotter.XYs
	sum := 0.0
	for i, r := range recs {
		sum += r.Loss
		if i >= window {
			sum -= recs[i-window].Loss
		}
		trainPts = append(trainPts, plotter.XY{X: float64(r.Step), Y: sum / float64(min(i+1, window))})
		if r.ValLoss != nil {
			valPts = append(valPts, plotter.XY{X: float64(r.Step), Y: *r.ValLoss})
		}
	}
	p := plot.New()
	p.Title.Text = "GPT-2 training loss"
	p.X.Label.Text = "step"
	p.Y.Label.Text = "cross-entropy (nats/token)"
	p.Add(plotter.NewGrid())
	tl, err := plotter.NewLine(trainPts)
	if err != nil {
		return err
	}
	tl.Color = color.RGBA{B: 200, A: 255}
	p.Add(tl)
	p.Legend.Add(fmt.Sprintf("train (mean of %d steps)", window), tl)
	if len(valPts) > 0 {
		vl, vp, err := plotter.NewLinePoints(valPts)
		if err != nil {
			return err
		}
		vl.Color, vp.Color = color.RGBA{R: 200, A: 255}, color.RGBA{R: 200, A: 255}
		p.Add(vl, vp)
		p.Legend.Add("validation", vl, vp)
	}
	p.Legend.Top = true
	return p.Save(8*vg.Inch, 5*vg.Inch, pngPath)
}
