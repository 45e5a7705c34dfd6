package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@link MemoSafety} on the real handler mappings of {@link MemoTestApplication} (the context
 * {@link RouteMemoTomcatTest} starts), and on those with one more mapping put before or after
 * them: a mapping it cannot vouch for before the annotated handlers' mapping means no memo.
 */
@SpringBootTest(classes = MemoTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoSafetyTest {

  @Autowired
  ApplicationContext context;

  private List<HandlerMapping> mappings;
  private Set<Method> annotated;

  @BeforeEach
  void readMappings() throws NoSuchMethodException {
    mappings = new ArrayList<>(context.getBeansOfType(HandlerMapping.class).values());
    AnnotationAwareOrderComparator.sort(mappings);
    annotated = Set.of(MemoTestApplication.Items.class.getDeclaredMethod("item", String.class),
        MemoTestApplication.Items.class.getDeclaredMethod("shared", String.class));
  }

  @Test
  void springsOwnMappings_getAMemo_thatCoversTheAnnotatedMapping() {
    int annotatedMapping = indexOf(RequestMappingHandlerMapping.class);

    RouteMemo memo = MemoSafety.memoFor(mappings, annotated, true);

    assertThat(memo).isNotNull();
    assertThat(memo.mappings()).isEqualTo(annotatedMapping + 1);
    // Spring MVC puts its (here empty) router function mapping first: the memo accepts it.
    assertThat(indexOf(RouterFunctionMapping.class)).isLessThan(annotatedMapping);
  }

  @Test
  void routerFunctionsBeforeTheAnnotatedMapping_meanNoMemo() {
    RouterFunctionMapping routes = new RouterFunctionMapping(RouterFunctions.route()
        .GET("/memo/items/{id}", request -> ServerResponse.ok().build()).build());
    mappings.add(0, routes);

    assertThat(MemoSafety.memoFor(mappings, annotated, true)).isNull();
  }

  @Test
  void aCustomMappingBeforeTheAnnotatedMapping_meansNoMemo() {
    mappings.add(0, request -> null);

    assertThat(MemoSafety.memoFor(mappings, annotated, true)).isNull();
  }

  @Test
  void aRequestMappingSubclassThatRedefinesTheLookup_beforeTheAnnotatedMapping_meansNoMemo() {
    mappings.add(0, new RequestMappingHandlerMapping() {
      @Override
      protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
        return request.getHeader("X-Tenant") == null ? null : super.getHandlerInternal(request);
      }
    });

    assertThat(MemoSafety.memoFor(mappings, annotated, true)).isNull();
  }

  @Test
  void aCustomMappingAfterTheAnnotatedMapping_doesNotMatter() {
    mappings.add(request -> null);

    assertThat(MemoSafety.memoFor(mappings, annotated, true)).isNotNull();
  }

  @Test
  void patternsThePrecheckCannotCheck_meanNoMemo() {
    assertThat(MemoSafety.memoFor(mappings, annotated, false)).isNull();
  }

  @Test
  void noAnnotatedHandlers_meanNoMemo() {
    assertThat(MemoSafety.memoFor(mappings, Set.of(), true)).isNull();
  }

  private int indexOf(Class<?> type) {
    for (int i = 0; i < mappings.size(); i++) {
      if (mappings.get(i).getClass() == type) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " among " + mappings);
  }
}
