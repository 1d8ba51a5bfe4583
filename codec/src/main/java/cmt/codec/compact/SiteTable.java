package cmt.codec.compact;

import cmt.codec.Sites;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of a compact file's sites section ({@code FORMAT.md} section 8): the call stacks that the
 * events' site ids name. Stacks of one program share most of their frames and frames their module and
 * file names, so each string and each frame is stored once and referred to by number; a trace of
 * 2,000 sites of 32 frames takes a few bytes per frame reference, and the section holds the table as one
 * zstd frame, which takes the repeated frame lists of related stacks to about a tenth.
 *
 * <pre>
 * table   := strings frames stacks                       every count at most the bytes left after it
 * strings := count varint, (length varint, UTF-8 bytes[length])*          distinct and not empty
 * frames  := count varint, (module, offset, function, file, line: varints)*
 *            module, function, file: 0 unknown, k the k-th string (from 1); line 0 unknown
 * stacks  := count varint, (gap varint, depth varint, frame varint * depth)*
 *            id = previous id + 1 + gap (the first: gap itself); frame: index into frames, from 0;
 *            innermost frame first
 * </pre>
 */
public final class SiteTable {
    /** The most bytes a table may take, and its sites section. */
    public static final int MAX_BYTES = 1 << 30;
    /**
     * The zstd level of the section's frame. On the bundled recordings (15,000 to 19,000 sites of up to 32
     * frames, 1 MB of table) level 9 gives 94 KB in 24 ms, level 3 109 KB in 4 ms, level 19 80 KB in 420 ms.
     */
    static final int ZSTD_LEVEL = 9;

    private SiteTable() {
    }

    /** The table of {@code sites}; an error if it takes more than {@link #MAX_BYTES}. */
    public static byte[] write(Sites sites) {
        Map<String, Integer> strings = new HashMap<>();
        List<String> stringList = new ArrayList<>();
        Map<Sites.Frame, Integer> frames = new HashMap<>();
        List<Sites.Frame> frameList = new ArrayList<>();
        for (List<Sites.Frame> stack : sites.asMap().values()) {
            for (Sites.Frame f : stack) {
                if (frames.putIfAbsent(f, frameList.size()) == null) {
                    frameList.add(f);
                    for (String s : new String[] {f.module(), f.function(), f.file()}) {
                        if (s != null && !s.isEmpty() && strings.putIfAbsent(s, stringList.size() + 1) == null) {
                            stringList.add(s);
                        }
                    }
                }
            }
        }
        Out out = new Out();
        out.varint(stringList.size());
        for (String s : stringList) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.varint(b.length);
            out.bytes(b);
        }
        out.varint(frameList.size());
        for (Sites.Frame f : frameList) {
            out.varint(ref(strings, f.module()));
            out.varint(f.offset());
            out.varint(ref(strings, f.function()));
            out.varint(ref(strings, f.file()));
            out.varint(Math.max(f.line(), 0));
        }
        out.varint(sites.size());
        long previous = -1;
        for (Map.Entry<Long, List<Sites.Frame>> e : sites.asMap().entrySet()) {
            out.varint(e.getKey() - previous - 1);
            previous = e.getKey();
            out.varint(e.getValue().size());
            for (Sites.Frame f : e.getValue()) {
                out.varint(frames.get(f));
            }
        }
        return Arrays.copyOf(out.b, out.n);
    }

    private static int ref(Map<String, Integer> strings, String s) {
        return s == null || s.isEmpty() ? 0 : strings.get(s);
    }

    /**
     * Reads a table from {@code r}, which must end with it, into {@code sites} (which a reader may have
     * handed out before its last event). A table that breaks a rule is an {@link IllegalStateException},
     * and then {@code r.at()} is where the refused number starts.
     */
    public static void read(Varint.Reader r, Sites sites) {
        int n = count(r, "strings");
        String[] strings = new String[n + 1];
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 1; i <= n; i++) {
            int from = r.at();
            int length = count(r, "string " + i + "'s length");
            if (length == 0) {
                throw r.refuse(from, "string " + i + " is empty");
            }
            byte[] b = r.bytes(length);
            try {
                strings[i] = utf8.decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException ex) {
                throw r.refuse(from, "string " + i + " is not UTF-8");
            }
        }
        int f = count(r, "frames");
        Sites.Frame[] frames = new Sites.Frame[f];
        for (int i = 0; i < f; i++) {
            String module = string(r, strings, "module");
            long offset = r.varint();
            String function = string(r, strings, "function");
            String file = string(r, strings, "file");
            int from = r.at();
            long line = r.varint();
            if (line < 0 || line > Integer.MAX_VALUE) {
                throw r.refuse(from, "frame " + i + ": line " + Long.toUnsignedString(line) + " out of range");
            }
            frames[i] = new Sites.Frame(module, offset, function, file, (int) line);
        }
        int s = count(r, "stacks");
        long previous = -1;
        for (int i = 0; i < s; i++) {
            int from = r.at();
            long gap = r.varint();
            long id = previous + 1 + gap;
            if ((i > 0 && Long.compareUnsigned(id, previous) <= 0) || id == -1) {
                throw r.refuse(from, "site id gap " + Long.toUnsignedString(gap) + " runs past 2^64 - 2");
            }
            previous = id;
            int depth = count(r, "site " + Long.toUnsignedString(id) + "'s depth");
            List<Sites.Frame> stack = new ArrayList<>(depth);
            for (int k = 0; k < depth; k++) {
                int ref = r.at();
                long at = r.varint();
                if (Long.compareUnsigned(at, f) >= 0) {
                    throw r.refuse(ref, "site " + Long.toUnsignedString(id) + " names frame "
                            + Long.toUnsignedString(at) + ", of " + f);
                }
                stack.add(frames[(int) at]);
            }
            sites.define(id, stack);
        }
        if (!r.atEnd()) {
            throw r.refuse(r.at(), r.left() + " bytes after the last site");
        }
    }

    /** A count or length, which cannot exceed the bytes left since each of its items takes one at least. */
    private static int count(Varint.Reader r, String what) {
        int from = r.at();
        long v = r.varint();
        if (Long.compareUnsigned(v, r.left()) > 0) {
            throw r.refuse(from, what + ": " + Long.toUnsignedString(v) + " is more than the "
                    + r.left() + " bytes left");
        }
        return (int) v;
    }

    private static String string(Varint.Reader r, String[] strings, String what) {
        int from = r.at();
        long k = r.varint();
        if (Long.compareUnsigned(k, strings.length) >= 0) {
            throw r.refuse(from, what + " names string " + Long.toUnsignedString(k) + ", of "
                    + (strings.length - 1));
        }
        return strings[(int) k];
    }

    /** A growing byte buffer. */
    private static final class Out {
        byte[] b = new byte[1 << 12];
        int n;

        void varint(long v) {
            room(Varint.MAX_BYTES);
            n = Varint.put(b, n, v);
        }

        void bytes(byte[] v) {
            room(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
        }

        private void room(int more) {
            if ((long) n + more > MAX_BYTES) {
                throw new IllegalArgumentException("the call site table takes more than 1 GiB");
            }
            if (b.length - n < more) {
                b = Arrays.copyOf(b, (int) Math.min(MAX_BYTES, Math.max(2L * b.length, (long) n + more)));
            }
        }
    }
}
