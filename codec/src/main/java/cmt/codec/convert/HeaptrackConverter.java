package cmt.codec.convert;

import cmt.codec.Op;

/**
 * heaptrack's raw data ({@code heaptrack --raw}, or what its preload library writes to the pipe named by
 * {@code DUMP_HEAPTRACK_OUTPUT}, as {@code cmt record} reads it). One record per line, numbers in
 * lowercase hex without {@code 0x}:
 *
 * <pre>
 * v 10400 3                 heaptrack and file version
 * + SIZE TRACE PTR          an allocation: requested size, call-stack index, address
 * - PTR                     a free
 * t IP PARENT, m ..., c MS, R RSS, x, X, I, A ...     call stacks, modules, clock, RSS: skipped
 * </pre>
 *
 * heaptrack hooks malloc, calloc, realloc, posix_memalign, aligned_alloc, valloc and free (in 1.4 not
 * memalign, whose blocks' frees then name pointers that are not live: dropped and counted). It writes
 * every allocation as {@code +}, so calloc and the aligned allocations become malloc, and a realloc
 * becomes a free of the old block followed by a malloc of the new one: the trace has the right blocks,
 * sizes, addresses and order, but no calloc, memalign or realloc events. It drops {@code free(NULL)} and
 * failed calls itself, and records a {@code realloc(p, 0)} that frees p as nothing, so p stays live in the
 * trace until its address is allocated again (then a free is written first, counted). There are no thread
 * ids or timestamps.
 *
 * <p>heaptrack's default output is the interpreted form ({@code heaptrack_interpret}), which keeps only
 * allocation sites, not addresses, so no free can be tied to its block: such a file is refused with a
 * message saying how to record the raw form.
 */
final class HeaptrackConverter extends Converter {
    private Cursor c;

    @Override
    void line(String line) {
        if (line.isEmpty()) {
            return;
        }
        if (c == null) {
            c = new Cursor(in);
        }
        char kind = line.charAt(0);
        if (line.length() > 1 && line.charAt(1) != ' ') {
            throw in.error("not heaptrack raw data (each line is a record letter and its fields, e.g. '+ 10 1 5581a0')");
        }
        if (kind == '+') {
            c.reset(line, 1).spaces();
            long size = c.hex();
            if (c.spaces().atEnd()) {
                throw interpreted();
            }
            c.hex();
            c.spaces();
            long ptr = c.hex();
            end();
            out.allocate(Op.MALLOC, size, 1, 0, ptr);
        } else if (kind == '-') {
            c.reset(line, 1).spaces();
            long ptr = c.hex();
            end();
            out.free(ptr);
        } else if (kind == 'a' || kind == 's') {
            throw interpreted();
        }
    }

    private void end() {
        if (!c.spaces().atEnd()) {
            throw in.error("unexpected text after the heaptrack record");
        }
    }

    private RuntimeException interpreted() {
        return in.error("interpreted heaptrack data (allocation sites, no addresses) cannot be converted;"
                + " record with 'heaptrack --raw' or 'cmt record'");
    }
}
