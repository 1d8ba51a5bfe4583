package cmt.codec;

/**
 * A trace that cannot be read or written as asked, with the place where it went wrong.
 *
 * <p>The message is one line meant for a person: {@code FILE:LINE: what is wrong: the line} for text,
 * {@code FILE: byte OFFSET: what is wrong} for binary input. Command-line tools print it as it is and
 * exit with status 1; no stack trace is ever needed to understand it.
 */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 160;
    /** What is wrong may quote a token of the input (a number too long, a bad word): cut it too. */
    private static final int MAX_WHAT = 120;

    /** A problem with no finer position than the source's name. */
    public TraceException(String message) {
        super(message, null, false, false);
    }

    /** A problem caused by another exception, typically an I/O error. */
    public TraceException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** {@code source:line: what: text}, with what and the text quoted safely. */
    public static TraceException atLine(String source, long line, String what, CharSequence text) {
        return new TraceException(source + ":" + line + ": " + printable(what, MAX_WHAT) + ": " + printable(text));
    }

    /** {@code source: byte offset: what}. */
    public static TraceException atByte(String source, long offset, String what) {
        return new TraceException(source + ": byte " + offset + ": " + what);
    }

    /**
     * Why an I/O operation failed, for a message: {@code no such file}, {@code permission denied},
     * {@code unexpected end of input (truncated?)}, or the exception's own text; never {@code null}.
     */
    public static String reason(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.io.EOFException) {
            return "unexpected end of input (truncated?)";
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e.getCause() != null ? reason(e.getCause()) : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** Text cut to a readable length with control and non-ASCII bytes shown as escapes. */
    static String printable(CharSequence text) {
        return printable(text, MAX_QUOTED);
    }

    private static String printable(CharSequence text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (b.length() >= max) {
                b.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
