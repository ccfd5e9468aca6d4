package io.modelcar.console.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The bound on JSON request bodies (promotions, restarts, toggles, image resolves, the pages' scripts): Jackson reads
 * a body whole into memory, and the container bounds only form posts, so before this any signed-in user could make a
 * replica hold a body as large as they liked. A declared length over the limit is refused before anything reads it;
 * a body sent without one (chunked) ends with {@link TooLarge} as soon as it passes the limit.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** A body that declares a JSON type (application/json, application/merge-patch+json, ...). */
    static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    /** 413 with the Problem the API answers, written before anything reads the body. */
    static void refuse(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + ProblemTypes.PAYLOAD_TOO_LARGE + "\",\"title\":\"Body too large\","
                + "\"status\":413,\"detail\":\"The body is larger than " + limit + " bytes. Nothing was changed.\"}");
    }

    /** The request whose body ends with {@link TooLarge} once more than {@code limit} bytes were read. */
    static HttpServletRequest limited(HttpServletRequest request, long limit) {
        return new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Limited(super.getInputStream(), limit);
                }
                return stream;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
        };
    }

    /** The body went past the limit while being read. */
    static final class TooLarge extends IOException {

        final long limit;

        TooLarge(long limit) {
            super("The body is larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    private static final class Limited extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Limited(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
