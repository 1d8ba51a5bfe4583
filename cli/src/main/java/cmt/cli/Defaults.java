package cmt.cli;

import picocli.CommandLine;

/** Every default of the command line in one place; {@code --help} texts quote these. */
public final class Defaults {
    /** Exit status of a successful run. */
    public static final int EXIT_OK = 0;
    /** Exit status when the input is bad (the message names the file and line or byte offset). */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit status when the command line itself is wrong. */
    public static final int EXIT_USAGE = 2;
    /** Page size of layout and working-set analyses, in bytes. */
    public static final String PAGE_SIZE = "4096";
    /** Milliseconds between progress updates on a terminal. */
    public static final long PROGRESS_MILLIS = 500;

    private Defaults() {
    }

    /** Supplies {@code cmt --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cmt.class.getPackage().getImplementationVersion();
            return new String[] {"cmt " + (v == null ? "development build" : v)};
        }
    }
}
