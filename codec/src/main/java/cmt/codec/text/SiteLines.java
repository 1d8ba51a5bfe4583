package cmt.codec.text;

import cmt.codec.Sites.Frame;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The site table of a text trace: one comment line per site, after the events (a recorder knows its
 * sites only once the program ended), read back from anywhere in the file. Fields are separated by tabs,
 * which no event line, path or symbol name holds, so C++ names with blanks, commas and brackets need no
 * quoting:
 *
 * <pre>
 * line  := '#site' TAB ID (TAB frame)*              frames innermost first
 * frame := FUNCTION TAB [FILE ':' LINE] TAB MODULE TAB '0x' OFFSET
 * </pre>
 *
 * An empty FUNCTION, FILE:LINE or MODULE field is one the recorder or symbolizer did not know; OFFSET is
 * the frame's address in the module (in the process without a module). A tab or line end inside a name is
 * written as a blank. To the original tools, and to every cmt tool that copies comments, these are
 * comments.
 *
 * <p>Example: {@code #site→3→alloc_a→/src/t.c:12→/usr/bin/t→0x1189→main→/src/t.c:40→/usr/bin/t→0x11c4}
 * (→ for a tab) is site 3: {@code alloc_a} at t.c line 12, called from {@code main} at line 40.
 */
public final class SiteLines {
    /** The start of a site line, tab included. */
    public static final String MARKER = "#site\t";

    private SiteLines() {
    }

    /** True if the line at {@code buf[off, off + len)} is a site line. */
    static boolean is(byte[] buf, int off, int len) {
        if (len < MARKER.length()) {
            return false;
        }
        for (int i = 0; i < MARKER.length(); i++) {
            if (buf[off + i] != MARKER.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The site line of {@code id}, without its line end. */
    public static String format(long id, List<Frame> frames) {
        StringBuilder b = new StringBuilder(MARKER).append(Long.toUnsignedString(id));
        for (Frame f : frames) {
            b.append('\t').append(clean(f.function()))
                    .append('\t').append(f.file() == null ? "" : clean(f.file()) + ":" + f.line())
                    .append('\t').append(clean(f.module()))
                    .append("\t0x").append(Long.toHexString(f.offset()));
        }
        return b.toString();
    }

    /** Reads a site line into {@code into}; errors name the file and line. */
    static void parse(byte[] buf, int off, int len, Sites into, String name, long lineNo) {
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        String[] f = line.split("\t", -1);
        if (f.length < 2 || (f.length - 2) % 4 != 0) {
            throw TraceException.atLine(name, lineNo, "a site line is '#site', the id and four fields per frame, "
                    + "tab-separated", line);
        }
        long id;
        try {
            id = Long.parseUnsignedLong(f[1]);
        } catch (NumberFormatException e) {
            throw TraceException.atLine(name, lineNo, "site id '" + f[1] + "' is not a number", line);
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = 2; i < f.length; i += 4) {
            String file = null;
            int fileLine = 0;
            if (!f[i + 1].isEmpty()) {
                int colon = f[i + 1].lastIndexOf(':');
                try {
                    fileLine = Integer.parseInt(f[i + 1].substring(colon + 1));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    fileLine = -1;
                }
                if (colon <= 0 || fileLine < 0) {
                    throw TraceException.atLine(name, lineNo, "frame " + (i - 2) / 4 + ": '" + f[i + 1]
                            + "' is not FILE:LINE", line);
                }
                file = f[i + 1].substring(0, colon);
            }
            String offset = f[i + 3];
            long at;
            try {
                if (!offset.startsWith("0x") || offset.length() > 18) {
                    throw new NumberFormatException();
                }
                at = Long.parseUnsignedLong(offset.substring(2), 16);
            } catch (NumberFormatException e) {
                throw TraceException.atLine(name, lineNo, "frame " + (i - 2) / 4 + ": offset '" + offset
                        + "' is not 0x and up to 16 hex digits", line);
            }
            frames.add(new Frame(f[i + 2].isEmpty() ? null : f[i + 2], at, f[i].isEmpty() ? null : f[i], file, fileLine));
        }
        into.define(id, frames);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
