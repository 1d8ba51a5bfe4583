package cmt.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cmt notebook} as a user runs it, from the repository root: it serves copies of the notebooks (a
 * cell run and saved changes the copy, never the committed notebook or anything git sees), its printed
 * address opens the quickstart, and Ctrl-C (SIGINT) or SIGTERM stops it with status 0 and nothing on
 * standard error but cmt's two lines and Jupyter's own log.
 */
class NotebookSessionTest {
    private static final Path WORKSPACE = Path.of("target/session-workspace").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpRequest.Builder request(NotebookServer s, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + path))
                .header("Authorization", "token " + s.token()).timeout(Duration.ofSeconds(60));
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", Jupyter.root().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? out : null;
    }

    @org.junit.jupiter.api.BeforeAll
    static void freshWorkspace() throws IOException {
        NotebookServer.fresh(WORKSPACE);
    }

    @Test
    void aSessionThatRanACellLeavesTheRepositoryAsItWasAndStopsCleanlyOnCtrlC() throws Exception {
        String before = git("status", "--porcelain");
        assumeTrue(before != null, "not a git checkout");
        byte[] committed = Files.readAllBytes(Jupyter.notebooks().resolve("quickstart.ipynb"));
        NotebookServer s = NotebookServer.start("session-int", WORKSPACE);
        try {
            HttpResponse<String> front = http.send(request(s, "/?token=" + s.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, front.statusCode());
            assertTrue(front.headers().firstValue("location").orElse("").startsWith("/notebooks/quickstart.ipynb"),
                    "the printed address leads to " + front.headers().firstValue("location"));

            // A session on the quickstart, one cell run in its kernel, and the notebook saved with its output.
            ObjectNode body = JSON.createObjectNode().put("path", "quickstart.ipynb").put("type", "notebook");
            body.putObject("kernel").put("name", Jupyter.KERNEL);
            JsonNode session = JSON.readTree(http.send(request(s, "/api/sessions").POST(
                    HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()).body());
            String result = execute(s, session.path("kernel").path("id").asText(), "6 * 7");
            assertEquals("42", result);
            JsonNode model = JSON.readTree(http.send(request(s, "/api/contents/quickstart.ipynb").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            ObjectNode content = (ObjectNode) model.path("content");
            for (JsonNode cell : content.path("cells")) {
                if (cell.path("cell_type").asText().equals("code")) {
                    ObjectNode out = ((ArrayNode) cell.path("outputs")).addObject().put("output_type", "execute_result")
                            .put("execution_count", 1);
                    out.putObject("data").put("text/plain", result);
                    out.putObject("metadata");
                    break;
                }
            }
            ObjectNode save = JSON.createObjectNode().put("type", "notebook").put("format", "json");
            save.set("content", content);
            int saved = http.send(request(s, "/api/contents/quickstart.ipynb").PUT(
                    HttpRequest.BodyPublishers.ofString(save.toString())).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertEquals(200, saved);
        } finally {
            s.stop("INT");
        }
        assertTrue(Files.readString(WORKSPACE.resolve("quickstart.ipynb")).contains("\"42\""), "the copy holds the output");
        assertTrue(java.util.Arrays.equals(committed, Files.readAllBytes(Jupyter.notebooks().resolve("quickstart.ipynb"))),
                "the committed quickstart was changed");
        assertEquals(before, git("status", "--porcelain"), "git status after the session");
    }

    @Test
    void sigtermStopsItCleanlyToo() throws Exception {
        NotebookServer.start("session-term", WORKSPACE).stop("TERM");
    }

    /** Runs {@code code} in the kernel {@code id} over the kernel's websocket; returns its text/plain result. */
    private String execute(NotebookServer s, String id, String code) throws Exception {
        String msgId = UUID.randomUUID().toString();
        CompletableFuture<String> result = new CompletableFuture<>();
        StringBuilder part = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + s.port() + "/api/kernels/"
                + id + "/channels?token=" + s.token()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                JsonNode m = JSON.readTree(part.toString());
                                part.setLength(0);
                                String type = m.path("header").path("msg_type").asText();
                                boolean ours = msgId.equals(m.path("parent_header").path("msg_id").asText());
                                if (ours && type.equals("execute_result")) {
                                    result.complete(m.path("content").path("data").path("text/plain").asText());
                                } else if (ours && type.equals("error")) {
                                    result.completeExceptionally(new AssertionError(m.path("content").toString()));
                                }
                            } catch (IOException e) {
                                result.completeExceptionally(e);
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get(60, TimeUnit.SECONDS);
        ObjectNode msg = JSON.createObjectNode().put("channel", "shell");
        msg.putObject("header").put("msg_id", msgId).put("username", "test").put("session", UUID.randomUUID().toString())
                .put("msg_type", "execute_request").put("version", "5.3");
        msg.putObject("parent_header");
        msg.putObject("metadata");
        msg.putObject("content").put("code", code).put("silent", false).put("store_history", true)
                .put("allow_stdin", false).putObject("user_expressions");
        ws.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
        try {
            return result.get(180, TimeUnit.SECONDS);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }
}
