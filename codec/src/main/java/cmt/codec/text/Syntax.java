package cmt.codec.text;

/**
 * The text trace's grammar and its markers, in one place for the {@link TextParser}, the
 * {@link TextWriter} and the converters that read recorders' text of the same shape (kdump's utrace
 * records are {@code 0x800607420 = malloc(26)}).
 *
 * <pre>
 * line    := event [' tid=' THREAD] [' ns=' TIMESTAMP] [' site=' SITE]   optional fields, in this order;
 *                                                          site only on allocations
 *          | '#' anything | blank                          not events; annotating tools copy them
 *                                                          ('#site' lines: the site table, SiteLines)
 * event   := 'malloc(' SIZE ')' result                      the original's three operations
 *          | 'realloc(' ptr ', ' SIZE ')' result
 *          | 'free(' ptr ')'
 *          | 'calloc(' COUNT ', ' SIZE ')' result           extensions: calloc (the block is COUNT * SIZE)
 *          | 'memalign(' ALIGNMENT ', ' SIZE ')' result     and aligned allocations; read also
 *                                                          posix_memalign(A, S), aligned_alloc(A, S), valloc(S)
 * result  := ' = ' ptr
 * ptr     := ['0x'] HEX ['&lt;' TAG '&gt;']                      the tagged form writes HEX&lt;TAG&gt;, the plain 0xHEX
 * </pre>
 *
 * SIZE, COUNT, ALIGNMENT, THREAD, TIMESTAMP, SITE and TAG are unsigned decimal up to 2^64-1; HEX is up to 16
 * digits of either case. Readers take any run of blanks around {@code =} and after commas, CRLF line ends
 * and trailing blanks; writers write exactly the spacing above.
 *
 * <p>Example, the tagged form: {@code realloc(81d220b48<6655>, 16) = 81d3b83a0<6656> tid=7 ns=1234}.
 */
public final class Syntax {
    public static final String MALLOC = "malloc(";
    public static final String CALLOC = "calloc(";
    public static final String MEMALIGN = "memalign(";
    public static final String POSIX_MEMALIGN = "posix_memalign(";
    public static final String ALIGNED_ALLOC = "aligned_alloc(";
    public static final String VALLOC = "valloc(";
    public static final String REALLOC = "realloc(";
    public static final String FREE = "free(";
    /** Between a call and its result, as written. */
    public static final String RESULT = " = ";
    /** Between two arguments, as written. */
    public static final String COMMA = ", ";
    public static final String HEX_PREFIX = "0x";
    /**
     * The longest line a reader of text (a trace, or a recorder's output) buffers: a longer one is
     * garbage, and reading on would only exhaust memory.
     */
    public static final int MAX_LINE = 1 << 20;
    public static final char TAG_OPEN = '<';
    public static final char TAG_CLOSE = '>';
    public static final char CLOSE = ')';
    /** The thread field after an event, without the blank before it. */
    public static final String THREAD = "tid=";
    /** The timestamp field after an event, without the blank before it. */
    public static final String TIME = "ns=";
    /** The call-site field after an allocation, without the blank before it: an id of the site table. */
    public static final String SITE = "site=";
    public static final char COMMENT = '#';
    /** The alignment {@code valloc(SIZE)} stands for: a page. */
    public static final long VALLOC_ALIGNMENT = 4096;

    private Syntax() {
    }
}
