package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.traces.ScatterTrace;

class StartupScriptTest {
    @TempDir
    Path dir;

    /** Writes an empty class file, public or not, into a class folder. */
    private void writeClass(String name, boolean isPublic) throws IOException {
        Path file = dir.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, ClassFile.of().build(ClassDesc.of(name),
                cb -> cb.withFlags(isPublic ? new AccessFlag[] {AccessFlag.PUBLIC, AccessFlag.SUPER}
                        : new AccessFlag[] {AccessFlag.SUPER})));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void importsWhatIsThereAndResolvesNamesDefinedTwiceInCmtsFavour() throws Exception {
        writeClass("cmt.dsl.Trace", true);
        writeClass("cmt.dsl.Timer", true);
        writeClass("cmt.dsl.Internal", false);
        writeClass("cmt.dsl.Trace$Builder", true);
        writeClass("cmt.codec.Event", true);
        String script = StartupScript.script(List.of(dir, jarOf(ScatterTrace.class)));
        assertTrue(script.contains("import cmt.dsl.*;\n"), script);
        assertTrue(script.contains("import cmt.codec.*;\n"));
        assertFalse(script.contains("cmt.replay"), "no classes, no import (it would not compile)");
        assertFalse(script.contains("cmt.kernel.*"), "not on this class path");
        assertTrue(script.contains("import tech.tablesaw.plotly.traces.*;\n"));
        assertTrue(script.contains("import cmt.dsl.Trace;\n"), "tablesaw has a Trace too: " + script);
        assertTrue(script.contains("import cmt.dsl.Timer;\n"), "java.util.Timer (IJava imports java.util.*)");
        assertFalse(script.contains("Internal") || script.contains("Builder"), "only public top-level names count");
        assertTrue(script.indexOf("import cmt.dsl.*;") < script.indexOf("import cmt.codec.*;"));
        assertTrue(script.endsWith("import static cmt.kernel.Notebook.*;\ncmt.kernel.IJavaKernel.install();\n"));
    }

    @Test
    void findsPublicTypesInJarsAndInTheJdk() throws Exception {
        assertTrue(StartupScript.classpathTypes(List.of(jarOf(ScatterTrace.class)), "tech.tablesaw.plotly.traces")
                .containsAll(List.of("ScatterTrace", "BarTrace", "Trace")));
        assertTrue(StartupScript.jdkTypes("java.util").containsAll(List.of("List", "Timer")));
        assertFalse(StartupScript.jdkTypes("java.util").contains("JumboEnumSet"), "package-private");
        assertEquals(0, StartupScript.jdkTypes("no.such.pkg").size());
    }
}
