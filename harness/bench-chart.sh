#!/bin/bash
# Draw the ratios of a "make bench" report as a bar chart.
#   bench-chart.sh OUTDIR
# Reads OUTDIR/ratios.tsv (bench-report.py: one row per metric, one column
# per ratio and THP mode) and writes OUTDIR/ratios.svg with gnuplot
# (Debian's gnuplot-nox).  The y axis is logarithmic, with a line at 1:
# bars above it are the series doing better than what it is compared to.
. "$(dirname "$0")/lib.sh"

dir=${1:?usage: bench-chart.sh OUTDIR}
data=$dir/ratios.tsv
[ -s "$data" ] || die "$data is missing or empty: run bench-report.py first"
command -v gnuplot >/dev/null || die "gnuplot not found: run 'make deps' (Debian package gnuplot-nox)"
columns=$(head -n 1 "$data" | awk -F'\t' '{ print NF }')
[ "$columns" -ge 2 ] || die "$data has no ratio columns"

gnuplot <<EOF || die "gnuplot failed on $data"
set terminal svg size 1100,560 dynamic noenhanced font "sans,11"
set output "$dir/ratios.svg"
set datafile separator "\t"
set datafile missing "-"
set title "make bench: ratios of medians (x86_64, QEMU TCG; see report.txt for spread)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key autotitle columnhead outside right top
set logscale y 2
set ylabel "ratio (log scale)"
set xtics rotate by -30 left nomirror
set grid ytics
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 linewidth 2
plot for [i=2:$columns] "$data" using i:xtic(1)
EOF
note "chart: $dir/ratios.svg"
