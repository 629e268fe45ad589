package org.dunning.notification.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.notification.domain.Attachments;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Fetches invoice documents to attach (R8.1) over HTTP: within {@code attachment-timeout} from connecting to the
 * last byte, at most {@code attachment-max-bytes} (a declared or counted larger body is cut off, not read), redirects
 * followed. Fails with {@link Attachments.Unavailable}, which says whether another try may help.
 */
@ApplicationScoped
public class DocumentFetcher {

    /** A fetched document, ready to attach. */
    public record Document(String fileName, String contentType, byte[] data) {
    }

    private final HttpClient http;
    private final MailConfig config;

    public DocumentFetcher(MailConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.attachmentTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The document of the invoice numbered {@code number} at {@code url}; null url: none linked. */
    public Uni<Document> fetch(String number, String url) {
        if (url == null || url.isBlank()) {
            return Uni.createFrom().failure(Attachments.notLinked(number));
        }
        URI location;
        try {
            location = Attachments.location(number, url);
        } catch (Attachments.Unavailable e) {
            return Uni.createFrom().failure(e);
        }
        long max = config.attachmentMaxBytes();
        Duration timeout = config.attachmentTimeout();
        HttpRequest request = HttpRequest.newBuilder(location).timeout(timeout).GET().build();
        // The HTTP client answers on its own threads: come back to the caller's context (its session lives there).
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Uni<HttpResponse<byte[]>> answer = Uni.createFrom().completionStage(() -> http.sendAsync(request,
                info -> body(number, info, max)));
        answer = answer.ifNoItem().after(timeout).failWith(() -> Attachments.unreachable(number,
                new java.util.concurrent.TimeoutException("no document within " + timeout.toSeconds() + " s")));
        if (caller != null) {
            answer = answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return answer
                .onFailure().transform(e -> unavailable(number, e))
                .map(response -> {
                    Attachments.status(number, response.statusCode()).ifPresent(problem -> {
                        throw problem;
                    });
                    String type = Attachments.contentType(response.headers().firstValue("Content-Type").orElse(null));
                    return new Document(Attachments.fileName(number, type, url), type, response.body());
                });
    }

    /** The failure as this service reports it: what the rules said (wrapped by the client or not), else unreachable. */
    private static Attachments.Unavailable unavailable(String number, Throwable e) {
        Throwable root = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Attachments.Unavailable u) {
                return u;
            }
            root = c;
        }
        return Attachments.unreachable(number, root);
    }

    /** The body of a 2xx answer up to {@code max} bytes; of any other answer nothing (the status is the news). */
    private static HttpResponse.BodySubscriber<byte[]> body(String number, HttpResponse.ResponseInfo info, long max) {
        if (info.statusCode() < 200 || info.statusCode() >= 300) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > max) {
            throw Attachments.tooLarge(number, max);
        }
        return new Limited(number, max);
    }

    /** Collects a body, and gives up (cancelling the transfer) once it passes the limit. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final String number;
        private final long max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(String number, long max) {
            this.number = number;
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (out.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(Attachments.tooLarge(number, max));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
