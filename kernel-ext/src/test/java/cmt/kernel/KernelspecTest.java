package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelspecTest {
    @TempDir
    Path tmp;
    Path java;
    Path ijava;
    Path cmtJar;
    Path kernels;

    @BeforeEach
    void files() throws IOException {
        java = Files.writeString(tmp.resolve("java"), "#!/bin/sh\n");
        ijava = Files.writeString(tmp.resolve("ijava-" + Kernelspec.IJAVA_VERSION + ".jar"), "ijava");
        cmtJar = tmp.resolve("cmt.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(cmtJar))) {
            jar.putNextEntry(new JarEntry("cmt/kernel/Notebook.class"));
            jar.write(ClassFile.of().build(ClassDesc.of("cmt.kernel.Notebook"),
                    cb -> cb.withFlags(AccessFlag.PUBLIC, AccessFlag.SUPER)));
        }
        kernels = tmp.resolve("prefix/share/jupyter/kernels");
    }

    private Path install(boolean force) throws IOException {
        return new Kernelspec(java, ijava, List.of(cmtJar), List.of("-Xmx2g")).install(kernels, force);
    }

    @Test
    void writesAKernelspecThatRunsIJavaWithCmtFirst() throws IOException {
        Path dir = install(false);
        assertEquals(kernels.resolve("cmt-java").toAbsolutePath(), dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(a -> argv.add(a.asText()));
        Path lib = dir.resolve("lib");
        assertEquals(java.toString(), argv.getFirst());
        assertTrue(argv.contains("--enable-native-access=ALL-UNNAMED"), argv.toString());
        assertTrue(argv.contains("-Xmx2g"));
        assertEquals(lib.resolve("cmt.jar") + ":" + lib.resolve(ijava.getFileName()), argv.get(argv.indexOf("-cp") + 1));
        assertEquals(List.of("io.github.spencerpark.ijava.IJava", "{connection_file}"), argv.subList(argv.size() - 2, argv.size()));
        assertEquals("Java (cmt)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("message", json.get("interrupt_mode").asText());
        assertEquals(lib.resolve("cmt.jar").toString(), json.get("env").get("IJAVA_CLASSPATH").asText());
        assertEquals(dir.resolve("startup.jshell").toString(), json.get("env").get("IJAVA_STARTUP_SCRIPTS_PATH").asText());
        assertEquals(-1, Files.mismatch(cmtJar, lib.resolve("cmt.jar")), "a copy: the kernel survives a rebuild");
        String startup = Files.readString(dir.resolve("startup.jshell"));
        assertTrue(startup.contains("import cmt.kernel.*;\n") && startup.endsWith("cmt.kernel.IJavaKernel.install();\n"), startup);
        assertTrue(Files.readString(dir.resolve("logging.properties")).contains(".level=WARNING"));
    }

    @Test
    void replacesItsOwnKernelspecButNotAForeignOne() throws IOException {
        Path dir = install(false);
        Files.writeString(dir.resolve("lib/stale.jar"), "old");
        install(false);
        assertTrue(Files.notExists(dir.resolve("lib/stale.jar")), "a reinstall starts from scratch");
        Files.writeString(dir.resolve("kernel.json"), "{\"argv\": [\"python\"]}");
        IOException e = assertThrows(IOException.class, () -> install(false));
        assertTrue(e.getMessage().endsWith("cmt-java: exists and is not a cmt kernelspec (use --force to replace it)"), e.getMessage());
        install(true);
        assertTrue(Files.readString(dir.resolve("kernel.json")).contains("IJava"));
        try (var left = Files.list(kernels)) {
            assertEquals(List.of(dir), left.toList(), "no staging folder left behind");
        }
    }

    @Test
    void missingFilesAreNamed() {
        IOException e = assertThrows(IOException.class,
                () -> new Kernelspec(java, tmp.resolve("nope.jar"), List.of(cmtJar), List.of()).install(kernels, false));
        assertEquals(tmp.resolve("nope.jar") + ": no such file (IJava jar)", e.getMessage());
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Kernelspec.Json.string("a\"b\\c\n\u0001"));
    }
}
