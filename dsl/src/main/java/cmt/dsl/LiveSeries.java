package cmt.dsl;

import cmt.codec.Event;

/** Live blocks and live bytes after every event of the view, downsampled (see {@link Series}). */
final class LiveSeries implements Probe {
    private final Series series;
    private long blocks;
    private long bytes;

    LiveSeries(int points) {
        series = new Series(points, "live blocks", "live bytes");
    }

    @Override
    public void before(Event e) {
        if (e.op.releases()) {
            blocks--;
            bytes -= e.oldSize;
        }
        if (e.op.creates()) {
            blocks++;
            bytes += e.size;
        }
    }

    @Override
    public void accept(Event e) {
        before(e);
        series.add(e.index, blocks, bytes);
    }

    Series series() {
        return series;
    }
}
