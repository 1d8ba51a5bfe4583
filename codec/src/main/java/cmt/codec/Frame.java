package cmt.codec;

/**
 * One frame of a call stack: where a return address lies, in the ELF object it belongs to, and what
 * symbolization found there.
 *
 * @param module   path of the ELF object, or null when the address is in none known
 * @param offset   the address in the object's own terms (the process's address minus the object's load
 *                 bias, what {@code addr2line -e module} takes), or the process's address if module is null
 * @param function the function, demangled, or null
 * @param file     the source file, or null
 * @param line     the source line, or 0
 */
public record Frame(String module, long offset, String function, String file, int line) {
    /** An unsymbolized frame. */
    public static Frame at(String module, long offset) {
        return new Frame(module, offset, null, null, 0);
    }

    /** The module's file name without its directory, or {@code ?}. */
    public String moduleName() {
        return module == null ? "?" : module.substring(module.lastIndexOf('/') + 1);
    }

    /**
     * {@code alloc_a (prog.c:12)}, {@code PyObject_Malloc (libpython3.13.so.1.0+0x1a2b)} without line
     * information, {@code libfoo.so+0x1a2b} without a name.
     */
    @Override
    public String toString() {
        String where = moduleName() + "+0x" + Long.toHexString(offset);
        if (function == null) {
            return where;
        }
        return function + " (" + (file != null && line > 0 ? file + ":" + line : where) + ")";
    }
}
