package io.daramjwee.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * HttpClient is an optional dependency: a servlet application without it must still load every
 * public type of this package (the filter refers to them), and only building an upstream may
 * fail, with a message that says what is missing.
 */
class WithoutHttpClientTest {

  private static final String[] PUBLIC_TYPES = {"Upstream", "Upstream$Builder", "UpstreamRequest",
      "UpstreamResponse", "UpstreamException"};

  @Test
  void publicTypes_withoutHttpClient_loadLinkAndReflect() throws Exception {
    ClassLoader loader = new WithoutHttpClient();
    for (String name : PUBLIC_TYPES) {
      Class<?> type = Class.forName("io.daramjwee.proxy." + name, true, loader);
      assertThat(type.getClassLoader()).isSameAs(loader);
      // Resolves every type in every public signature.
      assertThat(type.getMethods()).isNotEmpty();
      type.getConstructors();
    }
  }

  @Test
  void build_withoutHttpClient_saysWhatIsMissing() throws Exception {
    ClassLoader loader = new WithoutHttpClient();
    Class<?> upstream = Class.forName("io.daramjwee.proxy.Upstream", true, loader);
    Object builder = upstream.getMethod("builder", URI.class)
        .invoke(null, URI.create("http://cdn.example"));
    Method build = builder.getClass().getMethod("build");

    assertThatThrownBy(() -> invoke(build, builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Apache HttpClient 5")
        .hasMessageContaining("httpclient5");
  }

  @Test
  void build_withHttpClient_works() throws IOException {
    Upstream.builder(URI.create("http://cdn.example")).build().close();
  }

  private static Object invoke(Method method, Object target) throws Throwable {
    try {
      return method.invoke(target);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Defines this package's classes itself, so their references resolve through it, and knows no
   * {@code org.apache.hc} class; everything else comes from the test class path.
   */
  private static final class WithoutHttpClient extends ClassLoader {

    WithoutHttpClient() {
      super(WithoutHttpClientTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("org.apache.hc.")) {
          throw new ClassNotFoundException(name + " (hidden by the test)");
        }
        if (!name.startsWith("io.daramjwee.proxy.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = define(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
      String resource = name.replace('.', '/') + ".class";
      try (InputStream in = getParent().getResourceAsStream(resource)) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
