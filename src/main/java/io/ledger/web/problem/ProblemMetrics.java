package io.ledger.web.problem;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the problem documents answered, by their stable {@code code}: refusals and invalid
 * requests as operators and auditors name them. Documents written by MVC pass here; those written
 * outside it (security, the error page) are counted by {@link ProblemResponses}.
 */
@ControllerAdvice
public class ProblemMetrics implements ResponseBodyAdvice<Object> {

    private final MeterRegistry registry;

    public ProblemMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get("code");
        Counter.builder("ledger.http.problems")
                .description("Problem documents answered, by code and HTTP status")
                .tag("code", code == null ? "NONE" : code.toString())
                .tag("status", Integer.toString(problem.getStatus()))
                .register(registry).increment();
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            count(problem);
        }
        return body;
    }
}
