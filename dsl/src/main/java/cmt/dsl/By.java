package cmt.dsl;

import cmt.codec.Sites.Frame;
import java.util.List;
import java.util.StringJoiner;

/**
 * How the call-site analyses group blocks: by the whole call stack ({@link #SITE}, the recorder's own
 * site), by its innermost frames ({@link #stack(int)}), or by one property of the innermost frame, the
 * code that called the allocator: {@link #FUNCTION}, {@link #FILE_LINE} or {@link #MODULE}.
 *
 * <pre>{@code
 * t.sites(By.FUNCTION);        // one row per function that called malloc
 * t.sites(By.stack(2));        // one row per caller and its caller
 * }</pre>
 *
 * A group's key is text, so the same code keys the same group in two traces (two runs, a recording and
 * its replay) although recorders number their sites differently.
 */
public final class By {
    /** Separates the frames of a stack in a key: innermost first, each frame followed by its caller. */
    public static final String ARROW = " \u2190 ";

    /** The whole stack of each site. */
    public static final By SITE = new By("site", Integer.MAX_VALUE, Part.FRAME);
    /** The function of the innermost frame (module and offset where it has no name). */
    public static final By FUNCTION = new By("function", 1, Part.FUNCTION);
    /** The source file and line of the innermost frame (the function where there is no line). */
    public static final By FILE_LINE = new By("line", 1, Part.FILE_LINE);
    /** The ELF object of the innermost frame. */
    public static final By MODULE = new By("module", 1, Part.MODULE);

    private enum Part { FRAME, FUNCTION, FILE_LINE, MODULE }

    private final String name;
    private final int depth;
    private final Part part;

    private By(String name, int depth, Part part) {
        this.name = name;
        this.depth = depth;
        this.part = part;
    }

    /** The innermost {@code depth} frames of each stack (at least 1). */
    public static By stack(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("a stack depth is at least 1: " + depth);
        }
        return new By("stack " + depth, depth, Part.FRAME);
    }

    /** One of {@code site}, {@code function}, {@code line}, {@code module} (the command line's words). */
    public static By named(String word) {
        return switch (word) {
            case "site" -> SITE;
            case "function" -> FUNCTION;
            case "line" -> FILE_LINE;
            case "module" -> MODULE;
            default -> throw new IllegalArgumentException("group sites by site, function, line or module, not " + word);
        };
    }

    /** The group of a stack ({@code ?} for an empty one: a site id the trace's table does not define). */
    public String key(List<Frame> frames) {
        if (frames.isEmpty()) {
            return "?";
        }
        StringJoiner j = new StringJoiner(ARROW);
        for (int i = 0; i < Math.min(depth, frames.size()); i++) {
            j.add(part(frames.get(i)));
        }
        return j.toString();
    }

    private String part(Frame f) {
        return switch (part) {
            case FRAME -> f.toString();
            case FUNCTION -> f.function() != null ? f.function() : f.moduleName() + "+0x" + Long.toHexString(f.offset());
            case FILE_LINE -> f.file() != null && f.line() > 0 ? f.file() + ":" + f.line()
                    : f.function() != null ? f.function() : f.moduleName() + "+0x" + Long.toHexString(f.offset());
            case MODULE -> f.module() == null ? "?" : f.module();
        };
    }

    /**
     * A copy of a sites table whose stacks keep their innermost {@code frames} frames, the rest counted
     * ({@code ... ← (29 more)}): for reading a table of 32-frame stacks; the full stacks stay in the original.
     */
    public static tech.tablesaw.api.Table innermost(tech.tablesaw.api.Table sites, int frames) {
        tech.tablesaw.api.Table t = sites.copy();
        tech.tablesaw.api.StringColumn c = (tech.tablesaw.api.StringColumn) t.columns().stream()
                .filter(x -> x instanceof tech.tablesaw.api.StringColumn).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a sites table: no stack column"));
        for (int r = 0; r < c.size(); r++) {
            String[] f = c.get(r).split(ARROW);
            if (f.length > frames) {
                c.set(r, String.join(ARROW, java.util.Arrays.copyOf(f, frames)) + ARROW + "(" + (f.length - frames)
                        + " more)");
            }
        }
        return t;
    }

    /** True for the grouping by the recorder's sites. */
    boolean bySite() {
        return this == SITE;
    }

    /** e.g. {@code function}, {@code stack 2}. */
    @Override
    public String toString() {
        return name;
    }
}
