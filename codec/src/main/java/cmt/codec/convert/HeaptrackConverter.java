package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * heaptrack's raw data ({@code heaptrack --raw}, or what its preload library writes to the pipe named by
 * {@code DUMP_HEAPTRACK_OUTPUT}, as {@code cmt record} reads it), with the call stack of every allocation.
 * One record per line, numbers in lowercase hex without {@code 0x}:
 *
 * <pre>
 * v 10400 3                        heaptrack version (1.4.0) and file version
 * x LEN EXE                        the executable's path
 * m LEN FILE BIAS (VADDR MEMSZ)*   an ELF object loaded at BIAS, its PT_LOAD segments at [BIAS+VADDR, +MEMSZ)
 * m 1 -                            forget the objects: heaptrack lists them all again after a dlopen/dlclose
 * t IP PARENT                      a node of the call-stack tree (numbered 1, 2, ... in the order written)
 * + SIZE TRACE PTR                 an allocation: requested size, the node of its call stack, address
 * - PTR                            a free
 * X, I, c MS, R RSS, A, S ...      command line, page size, clock, RSS, attach marker, suppressions: skipped
 * </pre>
 *
 * From file version 3 (heaptrack 1.3) on, every string is written {@code LEN STRING} with LEN its length in
 * bytes, so paths may hold blanks; before, a string ends at the next blank. FILE {@code x} stands for EXE
 * (the main program has no name of its own among the loaded objects).
 *
 * <p>heaptrack keeps its stacks as a tree: node k is one frame, and its parent the frame that called it, so
 * the stack of node k is IP(k), IP(PARENT(k)), ... up to node 0, the root: innermost first, the innermost
 * being the function that called malloc. Node k is the site id of the allocations that name it. The
 * converter keeps per node only its address, its parent and the object the address was in when the
 * {@code t} line came (objects change with every dlopen), so memory follows the number of nodes, not of
 * events; frames are built and symbolized ({@link Symbolizer}) when {@link #sites} is asked. heaptrack 1.3
 * began writing each IP as the return address minus one (the call instruction), in the release that brought
 * file version 3; a frame here holds the return address, as every recorder's frames do, so it is IP + 1 in
 * version 3 files and IP itself before.
 *
 * <p>heaptrack hooks malloc, calloc, realloc, posix_memalign, aligned_alloc, valloc and free (in 1.4 not
 * memalign, whose blocks' frees then name pointers that are not live: dropped and counted). It writes
 * every allocation as {@code +}, so calloc and the aligned allocations become malloc, and a realloc
 * becomes a free of the old block followed by a malloc of the new one (at the realloc's call stack): the
 * trace has the right blocks, sizes, addresses and order, but no calloc, memalign or realloc events. It
 * drops {@code free(NULL)} and failed calls itself, and records a {@code realloc(p, 0)} that frees p as
 * nothing, so p stays live in the trace until its address is allocated again (then a free is written
 * first, counted). There are no thread ids or timestamps.
 *
 * <p>heaptrack's default output is the interpreted form ({@code heaptrack_interpret}), which keeps only
 * allocation sites, not addresses, so no free can be tied to its block: such a file is refused with a
 * message saying how to record the raw form.
 */
final class HeaptrackConverter extends Converter {
    /** The deepest stack accepted: heaptrack unwinds at most 64 frames, so a deeper chain is not its output. */
    static final int MAX_DEPTH = 256;

    private final Symbolizer symbols = new Symbolizer();
    private Cursor c;
    /** Without a {@code v} line, the newest layout. */
    private long fileVersion = 3;
    private String exe;

    /** Every distinct object seen, so that nodes name one by index however often the list is written again. */
    private final List<Module> modules = new ArrayList<>();
    private final Map<Module, Integer> moduleIds = new HashMap<>();
    /** The objects loaded now: segment start to {end, index in modules}. */
    private final TreeMap<Long, long[]> segments = new TreeMap<>(Long::compareUnsigned);

    /** Per node (index 0 is the root): the call's address, its parent, its object (-1: none), its depth. */
    private long[] calls = new long[1024];
    private int[] parents = new int[1024];
    private int[] moduleOf = new int[1024];
    private short[] depths = new short[1024];
    private int nodes;
    /** The nodes that {@code +} lines name: the only ones that become sites. */
    private final BitSet named = new BitSet();

    /** An ELF object: its path and the load bias its own addresses are offset by. */
    private record Module(String path, long bias) {
    }

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
        c.reset(line, 1).spaces();
        switch (kind) {
            case '+' -> allocation();
            case '-' -> {
                long ptr = c.hex();
                end();
                out.free(ptr);
            }
            case 't' -> node();
            case 'm' -> module();
            case 'x' -> {
                // Before sized strings the path was the rest of the line, blanks and all.
                String path = fileVersion >= 3 ? string() : c.rest();
                end();
                if (path.isEmpty()) {
                    throw in.error("'x' line without the executable's path");
                }
                exe = utf8(path);
            }
            case 'v' -> {
                c.hex();
                c.spaces();
                long version = c.hex();
                end();
                fileVersion = version;
            }
            case 'a', 's', 'i' -> throw interpreted();
            default -> {
            }
        }
    }

    private void allocation() {
        long size = c.hex();
        if (c.spaces().atEnd()) {
            throw interpreted();
        }
        long trace = c.hex();
        c.spaces();
        long ptr = c.hex();
        end();
        if (Long.compareUnsigned(trace, nodes) > 0) {
            throw in.error("allocation at call-stack node " + Long.toHexString(trace) + ", which no 't' line defined ("
                    + Long.toHexString(nodes) + " nodes so far)");
        }
        if (trace == 0) {
            out.site(Event.NONE);
        } else {
            named.set((int) trace);
            out.site(trace);
        }
        out.allocate(Op.MALLOC, size, 1, 0, ptr);
    }

    private void node() {
        long ip = c.hex();
        c.spaces();
        long parent = c.hex();
        end();
        if (Long.compareUnsigned(parent, nodes) > 0) {
            throw in.error("call-stack node " + Long.toHexString(nodes + 1) + " names parent " + Long.toHexString(parent)
                    + ", which no earlier 't' line defined");
        }
        int depth = parent == 0 ? 1 : depths[(int) parent] + 1;
        if (depth > MAX_DEPTH) {
            throw in.error("call stack deeper than " + MAX_DEPTH + " frames");
        }
        if (nodes == Integer.MAX_VALUE - 16) {
            throw in.error("more call-stack nodes than a trace can name");
        }
        int k = ++nodes;
        if (k == calls.length) {
            int n = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * k);
            calls = Arrays.copyOf(calls, n);
            parents = Arrays.copyOf(parents, n);
            moduleOf = Arrays.copyOf(moduleOf, n);
            depths = Arrays.copyOf(depths, n);
        }
        long call = fileVersion >= 3 ? ip : ip - 1;
        calls[k] = call;
        parents[k] = (int) parent;
        depths[k] = (short) depth;
        // The call is inside the object; a return address can be one past its last byte.
        Map.Entry<Long, long[]> s = segments.floorEntry(call);
        moduleOf[k] = s != null && Long.compareUnsigned(call, s.getValue()[0]) < 0 ? (int) s.getValue()[1] : -1;
    }

    private void module() {
        String name = string();
        if (name.equals("-")) {
            end();
            segments.clear();
            return;
        }
        if (name.isEmpty()) {
            throw in.error("'m' line without a file name");
        }
        // Without an 'x' line (heaptrack writes none for a path over 1 KiB) the program's frames keep process addresses.
        String path = name.equals("x") ? exe : utf8(name);
        c.spaces();
        long bias = c.hex();
        int id = -1;
        if (path != null) {
            Module m = new Module(path, bias);
            id = moduleIds.computeIfAbsent(m, k -> {
                modules.add(k);
                return modules.size() - 1;
            });
        }
        while (!c.spaces().atEnd()) {
            long vaddr = c.hex();
            if (c.spaces().atEnd()) {
                throw in.error("'m' line: segment at " + Long.toHexString(vaddr) + " without its size");
            }
            long memsz = c.hex();
            if (id >= 0) {
                segments.put(bias + vaddr, new long[] {bias + vaddr + memsz, id});
            }
        }
    }

    /** A string as the file version writes it: {@code LEN STRING} from version 3 on, else up to a blank. */
    private String string() {
        if (fileVersion < 3) {
            return c.token();
        }
        long length = c.hex();
        c.expect(' ');
        String s = c.take(length);
        if (!c.atEnd() && c.peek() != ' ') {
            throw c.error("no blank after the string of " + Long.toUnsignedString(length) + " bytes");
        }
        return s;
    }

    /** Paths are the program's bytes (LineSource read them one char per byte); Linux paths are UTF-8. */
    private static String utf8(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * The stacks of the nodes that allocations name, symbolized where the objects are readable: frames in
     * no known object keep the process's address.
     */
    @Override
    public Sites sites() {
        Map<Long, List<Frame>> stacks = new HashMap<>();
        for (int k = named.nextSetBit(1); k >= 0; k = named.nextSetBit(k + 1)) {
            List<Frame> frames = new ArrayList<>(depths[k]);
            for (int j = k; j != 0; j = parents[j]) {
                long ret = calls[j] + 1;
                Module m = moduleOf[j] < 0 ? null : modules.get(moduleOf[j]);
                frames.add(m == null ? Frame.at(null, ret) : Frame.at(m.path(), ret - m.bias()));
            }
            stacks.put((long) k, frames);
        }
        return symbols.symbolize(stacks);
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
