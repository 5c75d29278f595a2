package main

import (
	"fmt"
	"time"
)

// datasetResult is everything measured on one dataset.
type datasetResult struct {
	d        dataset
	ops      []*operation
	profiles []profileSummary
}

func (r *datasetResult) op(name string) *operation {
	for _, o := range r.ops {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// goal is one target of issue 5, judged on ratios measured in the same run.
type goal struct {
	Op       string
	Text     string
	Target   string
	Measured string
	Pass     bool
	Why      string // for a missed time goal: what the numbers say dominated
}

// why compares how ours and a baseline spent their wall time: a process
// whose CPU time is near or above its wall time was computing (on a
// two-core machine, at most 2x wall), one far below it was waiting for the
// disk.
func why(ours, base *tool) string {
	ow, oc := ours.wall().Seconds(), ours.cpu().Seconds()
	bw, bc := base.wall().Seconds(), base.cpu().Seconds()
	s := fmt.Sprintf("Ours used %.2fs of CPU in %.2fs (%.0f%% of one core), %s %.2fs in %.2fs (%.0f%%); "+
		"ours wrote %.0f MB, it %.0f MB.", oc, ow, 100*oc/ow, base.Name, bc, bw, 100*bc/bw,
		mb(ours.written()), mb(base.written()))
	switch {
	case oc > 1.3*bc && oc/ow > 0.7:
		s += " Ours is bound by CPU: it needs more of it than the baseline, see the profile below."
	case oc/ow < 0.5:
		s += " Ours spends most of its time waiting (disk or locks), not computing: see the phases below."
	}
	return s
}

const memLimit = 100 << 20

// evaluate judges the goals of issue 5 on one dataset (the largest run, M
// in make bench). Goals of operations that were not run are left out.
func evaluate(r *datasetResult) []goal {
	var gs []goal
	ratio := func(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }
	if o := r.op("backup"); o != nil {
		ours := o.ours()
		if cp := o.tool(toolCopy); cp != nil {
			x := ratio(ours.wall(), cp.wall())
			gs = append(gs, goal{"backup", "backup within 1.1x of the copy limit (" + toolCopy + ")", "≤ 1.10x",
				fmt.Sprintf("%.2fx (%.2fs vs %.2fs)", x, ours.wall().Seconds(), cp.wall().Seconds()), x <= 1.1, why(ours, cp)})
		}
		if z := o.tool(toolZip); z != nil {
			x := ratio(z.wall(), ours.wall())
			gs = append(gs, goal{"backup", "backup at least 4x faster than " + toolZip, "≥ 4.0x",
				fmt.Sprintf("%.2fx (%.2fs vs %.2fs)", x, ours.wall().Seconds(), z.wall().Seconds()), x >= 4, why(ours, z)})
		}
		gs = append(gs, memGoal("backup", ours))
	}
	if o := r.op("restore"); o != nil {
		ours := o.ours()
		if b := o.tool(toolRestore); b != nil {
			x := ratio(ours.wall(), b.wall())
			gs = append(gs, goal{"restore", "restore within 1.2x of " + toolRestore, "≤ 1.20x",
				fmt.Sprintf("%.2fx (%.2fs vs %.2fs)", x, ours.wall().Seconds(), b.wall().Seconds()), x <= 1.2, why(ours, b)})
		}
		gs = append(gs, memGoal("restore", ours))
	}
	if o := r.op("verify"); o != nil {
		gs = append(gs, memGoal("verify", o.ours()))
	}
	if o := r.op("inspect"); o != nil {
		w := o.ours().wall()
		gs = append(gs, goal{"inspect", "inspect under a second", "< 1.00s", fmt.Sprintf("%.2fs", w.Seconds()), w < time.Second,
			fmt.Sprintf("It used %.2fs of CPU in %.2fs of wall time.", o.ours().cpu().Seconds(), w.Seconds())})
	}
	return gs
}

func memGoal(op string, t *tool) goal {
	p := t.peakRSS()
	return goal{op, op + " peak memory under 100 MB", "< 100 MB", fmt.Sprintf("%.1f MB", mb(p)), p < memLimit,
		"See the live heap at its peak in the profile summary below."}
}

func status(pass bool) string {
	if pass {
		return "PASS"
	}
	return "**MISS**"
}
