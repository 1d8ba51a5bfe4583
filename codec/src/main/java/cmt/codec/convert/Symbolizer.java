package cmt.codec.convert;

import cmt.codec.Sites.Frame;
import cmt.codec.Sites;
import cmt.codec.convert.PreloadConverter.Module;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns recorded return addresses into frames after the run, with binutils: {@code addr2line} for
 * function, file and line where the object has debug information or a symbol table, then the dynamic
 * symbols ({@code nm -D}) for stripped libraries, which keep those of their exported functions; what
 * neither names stays module + offset. One {@code addr2line} per module, all its addresses at once.
 *
 * <p>A return address is the instruction after the call, so lookups use the address before it: the
 * line of the call, not of the statement after it. The frame keeps the return address itself.
 */
public final class Symbolizer {
    private final Map<String, Map<Long, Frame>> cache = new HashMap<>();

    /** The table of {@code stacks} (site id to return addresses, innermost first) over {@code modules}. */
    public Sites sites(Map<Long, long[]> stacks, List<Module> modules) {
        Map<Long, List<Frame>> frames = new TreeMap<>(Long::compareUnsigned);
        stacks.forEach((id, pcs) -> {
            List<Frame> l = new ArrayList<>(pcs.length);
            for (long pc : pcs) {
                Module m = moduleOf(pc, modules);
                l.add(m == null ? Frame.at(null, pc) : Frame.at(m.path(), pc - m.bias()));
            }
            frames.put(id, l);
        });
        return symbolize(frames);
    }

    /**
     * The table of {@code stacks} (site id to frames, innermost first, each a return address in its module's
     * own terms), every frame in a readable module looked up; a frame's own function, file and line are kept
     * where the lookup finds none (a recorder may have named the function itself).
     */
    public Sites symbolize(Map<Long, List<Frame>> stacks) {
        Map<String, TreeSet<Long>> wanted = new HashMap<>();
        for (List<Frame> frames : stacks.values()) {
            for (Frame f : frames) {
                if (f.module() != null) {
                    wanted.computeIfAbsent(f.module(), k -> new TreeSet<>()).add(f.offset());
                }
            }
        }
        wanted.forEach((path, offsets) -> {
            Map<Long, Frame> known = cache.computeIfAbsent(path, k -> new HashMap<>());
            offsets.removeAll(known.keySet());
            known.putAll(lookup(path, offsets));
        });
        Sites s = new Sites();
        for (Map.Entry<Long, List<Frame>> e : stacks.entrySet()) {
            List<Frame> frames = new ArrayList<>(e.getValue().size());
            for (Frame f : e.getValue()) {
                Frame found = f.module() == null ? null : cache.get(f.module()).get(f.offset());
                frames.add(found == null ? f : new Frame(f.module(), f.offset(),
                        found.function() != null ? found.function() : f.function(),
                        found.file() != null ? found.file() : f.file(), found.file() != null ? found.line() : f.line()));
            }
            s.define(e.getKey(), frames);
        }
        return s;
    }

    /** The newest module holding {@code pc}: a later dlopen may reuse an unloaded one's addresses. */
    static Module moduleOf(long pc, List<Module> modules) {
        for (int i = modules.size() - 1; i >= 0; i--) {
            if (modules.get(i).contains(pc)) {
                return modules.get(i);
            }
        }
        return null;
    }

    private static Map<Long, Frame> lookup(String path, TreeSet<Long> offsets) {
        Map<Long, Frame> out = new HashMap<>();
        Path object;
        try {
            object = Path.of(path);
        } catch (InvalidPathException e) {
            return out;
        }
        // Only regular files: binutils would wait forever on a FIFO or terminal that a recording names.
        if (offsets.isEmpty() || !Files.isRegularFile(object) || !Files.isReadable(object)) {
            return out;
        }
        List<Long> list = new ArrayList<>(offsets);
        List<String> lines = run(List.of("addr2line", "-C", "-f", "-e", path),
                list.stream().map(o -> "0x" + Long.toHexString(o - 1)).toList());
        TreeMap<Long, String[]> dynamic = null;
        for (int i = 0; i < list.size(); i++) {
            long offset = list.get(i);
            String function = 2 * i < lines.size() ? lines.get(2 * i) : "??";
            String where = 2 * i + 1 < lines.size() ? lines.get(2 * i + 1) : "??:0";
            String file = null;
            int line = 0;
            int colon = where.lastIndexOf(':');
            String tail = colon < 0 ? "" : where.substring(colon + 1).replaceFirst(" .*", "");
            if (colon > 0 && !where.startsWith("??") && tail.matches("\\d+") && !tail.equals("0")) {
                file = where.substring(0, colon);
                line = Integer.parseInt(tail);
            }
            if (function.equals("??")) {
                if (dynamic == null) {
                    dynamic = dynamicSymbols(path);
                }
                Map.Entry<Long, String[]> sym = dynamic.floorEntry(offset - 1);
                function = sym != null && offset - 1 < sym.getKey() + Long.parseLong(sym.getValue()[0])
                        ? sym.getValue()[1] : null;
            }
            if (function != null || file != null) {
                out.put(offset, new Frame(path, offset, function, file, line));
            }
        }
        return out;
    }

    /** Start to {size, name} of the object's defined dynamic symbols. */
    private static TreeMap<Long, String[]> dynamicSymbols(String path) {
        TreeMap<Long, String[]> m = new TreeMap<>();
        for (String l : run(List.of("nm", "-D", "-C", "-S", "--defined-only", path), List.of())) {
            String[] f = l.split(" ", 4);
            if (f.length == 4 && (f[2].equals("T") || f[2].equals("t") || f[2].equals("W") || f[2].equals("i"))) {
                try {
                    m.put(Long.parseUnsignedLong(f[0], 16), new String[] {Long.toString(Long.parseUnsignedLong(f[1], 16)), f[3]});
                } catch (NumberFormatException ignored) {
                    // A line nm writes for something else than a sized symbol.
                }
            }
        }
        return m;
    }

    /** The output lines of {@code command} given {@code input}; nothing if binutils is missing or fails. */
    private static List<String> run(List<String> command, List<String> input) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (PrintWriter w = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                    input.forEach(w::println);
                }
            });
            List<String> lines;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                lines = r.lines().toList();
            }
            feeder.join();
            return p.waitFor() == 0 ? lines : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
