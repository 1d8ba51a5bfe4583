package cmt.replay;

/**
 * What a replay does to each block right after the allocator returns it. RSS depends on it: an
 * untouched block may never be backed by memory at all, so every result says which mode it used.
 */
public enum Touch {
    /** Nothing, as the original {@code cmtreplay}: only memory the allocator itself writes is resident. */
    NONE,
    /** One byte written in every page the block covers: what a program that uses its blocks makes resident. */
    PAGE,
    /** The whole block filled (memset): the cost of a program that writes all it asks for. */
    FULL;

    /** The mode named {@code none}, {@code page} or {@code full}. */
    public static Touch of(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "page" -> PAGE;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("touch mode must be none, page or full, not " + name);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
