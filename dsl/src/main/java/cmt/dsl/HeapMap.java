package cmt.dsl;

import cmt.codec.Event;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A bounded sample of the blocks created in the view, with where they lay and when they lived: the data
 * of a heap map (address against event). A block is kept when a hash of its tag is a multiple of the
 * stride; when the sample is full the stride doubles and about half the kept blocks go, so every block
 * has the same chance whatever the trace length, and the same blocks are chosen on every pass.
 */
final class HeapMap implements Probe {
    private final int capacity;
    private final long[] tag;
    private final long[] first;
    private final long[] last;
    private final long[] address;
    private final long[] size;
    private final Long2IntOpenHashMap live = new Long2IntOpenHashMap();
    private long mask;
    private int n;

    HeapMap(int capacity) {
        this.capacity = capacity;
        tag = new long[capacity];
        first = new long[capacity];
        last = new long[capacity];
        address = new long[capacity];
        size = new long[capacity];
        live.defaultReturnValue(-1);
    }

    @Override
    public void before(Event e) {
    }

    @Override
    public void accept(Event e) {
        if (e.op.releases() && (BlockFilter.mix(e.oldTag) & mask) == 0) {
            int s = live.remove(e.oldTag);
            if (s >= 0) {
                last[s] = e.index;
            }
        }
        if (e.op.creates() && (BlockFilter.mix(e.tag) & mask) == 0) {
            if (n == capacity) {
                thin();
                if ((BlockFilter.mix(e.tag) & mask) != 0) {
                    return;
                }
            }
            tag[n] = e.tag;
            first[n] = e.index;
            last[n] = -1;
            address[n] = e.address;
            size[n] = e.size;
            live.put(e.tag, n);
            n++;
        }
    }

    /** Doubles the stride, keeping the blocks whose hash is a multiple of the new one. */
    private void thin() {
        mask = mask << 1 | 1;
        int kept = 0;
        live.clear();
        for (int i = 0; i < n; i++) {
            if ((BlockFilter.mix(tag[i]) & mask) == 0) {
                tag[kept] = tag[i];
                first[kept] = first[i];
                last[kept] = last[i];
                address[kept] = address[i];
                size[kept] = size[i];
                if (last[kept] < 0) {
                    live.put(tag[kept], kept);
                }
                kept++;
            }
        }
        n = kept;
    }

    @Override
    public void finish() {
        live.clear();
        live.trim();
    }

    /**
     * The {@code heap map} table, one row per sampled block in creation order: {@code first event}
     * (created), {@code last event} (ended; -1 if still live at the end of the view), {@code address},
     * {@code size (bytes)}.
     */
    Table table() {
        LongColumn f = LongColumn.create("first event");
        LongColumn l = LongColumn.create("last event");
        LongColumn a = LongColumn.create("address");
        LongColumn s = LongColumn.create("size (bytes)");
        for (int i = 0; i < n; i++) {
            f.append(first[i]);
            l.append(last[i]);
            a.append(address[i]);
            s.append(size[i]);
        }
        return Table.create("heap map", f, l, a, s);
    }
}
