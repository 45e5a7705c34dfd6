package io.daramjwee.store.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records every SDK call a store makes: the operation, the Range it asked for, and the
 * Content-Length the server answered with, which is what crossed the wire. Thread-safe.
 */
final class SdkCalls implements ExecutionInterceptor {

  /** One finished call. */
  record Call(String operation, String range, long contentLength) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    calls.add(new Call(context.request().getClass().getSimpleName().replace("Request", ""),
        context.httpRequest().firstMatchingHeader("Range").orElse(null),
        context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong)
            .orElse(-1L)));
  }

  List<Call> all() {
    return List.copyOf(calls);
  }

  List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  void clear() {
    calls.clear();
  }
}
