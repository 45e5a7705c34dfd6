package io.daramjwee.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.ColdType;
import io.daramjwee.spring.DaramjweeProperties.HotType;
import io.daramjwee.spring.S3StoreProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/**
 * The sample's {@code application.yml} and its {@code s3} profile bind to
 * {@link DaramjweeProperties} as the README says, placeholders included.
 */
class ApplicationPropertiesTest {

  @Test
  void applicationYml_bindsTheTiersAndTheProxyRouteToTheAppsOwnOrigin() throws IOException {
    DaramjweeProperties properties = bind(Map.of(), "application.yml");

    assertThat(properties.getHot().getType()).isEqualTo(HotType.EHCACHE);
    assertThat(properties.getHot().getEhcache().getHeapSize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThat(properties.getHot().getEhcache().getDiskSize()).isEqualTo(DataSize.ofMegabytes(512));
    assertThat(properties.getHot().getEhcache().getDirectory())
        .isEqualTo(Path.of("target/daramjwee/ehcache"));
    assertThat(properties.getCold().getType()).isEqualTo(ColdType.FILE);
    assertThat(properties.getCold().getFile().getDirectory())
        .isEqualTo(Path.of("target/daramjwee/cold"));
    assertThat(properties.getStaleIfError()).hasHours(1);
    assertThat(properties.getRoutes()).singleElement().satisfies(route -> {
      assertThat(route.getPattern()).isEqualTo("/proxy/**");
      assertThat(route.getUpstream()).isEqualTo(URI.create("http://127.0.0.1:8080/origin"));
    });
  }

  @Test
  void applicationYml_portAndUpstreamFollowTheEnvironment() throws IOException {
    DaramjweeProperties onOtherPort = bind(Map.of("PORT", "9090"), "application.yml");
    DaramjweeProperties elsewhere =
        bind(Map.of("SAMPLE_UPSTREAM", "https://origin.example:8443/base"), "application.yml");

    assertThat(onOtherPort.getRoutes().get(0).getUpstream())
        .isEqualTo(URI.create("http://127.0.0.1:9090/origin"));
    assertThat(elsewhere.getRoutes().get(0).getUpstream())
        .isEqualTo(URI.create("https://origin.example:8443/base"));
  }

  @Test
  void s3Profile_takesTheColdTierFromTheEnvironment() throws IOException {
    DaramjweeProperties properties = bind(Map.of(
        "DARAMJWEE_S3_BUCKET", "cache-bucket",
        "DARAMJWEE_S3_REGION", "eu-west-1",
        "DARAMJWEE_S3_ENDPOINT", "http://127.0.0.1:9000",
        "DARAMJWEE_S3_ACCESS_KEY_ID", "id",
        "DARAMJWEE_S3_SECRET_ACCESS_KEY", "secret"), "application.yml", "application-s3.yml");

    S3StoreProperties s3 = properties.getCold().getS3();
    assertThat(properties.getCold().getType()).isEqualTo(ColdType.S3);
    assertThat(s3.getBucket()).isEqualTo("cache-bucket");
    assertThat(s3.getRegion()).isEqualTo("eu-west-1");
    assertThat(s3.getEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s3.isPathStyle()).isTrue();
    assertThat(s3.getAccessKeyId()).isEqualTo("id");
    assertThat(s3.getSecretAccessKey()).isEqualTo("secret");
  }

  @Test
  void s3Profile_withoutAnEndpoint_addressesAws() throws IOException {
    DaramjweeProperties properties = bind(Map.of(
        "DARAMJWEE_S3_BUCKET", "cache-bucket",
        "DARAMJWEE_S3_REGION", "eu-west-1",
        "DARAMJWEE_S3_ACCESS_KEY_ID", "id",
        "DARAMJWEE_S3_SECRET_ACCESS_KEY", "secret"), "application.yml", "application-s3.yml");

    assertThat(properties.getCold().getS3().getEndpoint()).isNull();
  }

  /** Binds {@code daramjwee.*} from the files (later ones win) over {@code environment}. */
  private static DaramjweeProperties bind(Map<String, Object> environment, String... files)
      throws IOException {
    StandardEnvironment env = new StandardEnvironment();
    MutablePropertySources sources = env.getPropertySources();
    // This machine's own variables (a PORT, say) must not change the outcome.
    sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    sources.addFirst(new MapPropertySource("environment", environment));
    YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
    for (String file : files) {
      loader.load(file, new ClassPathResource(file)).forEach(sources::addFirst);
    }
    return new Binder(ConfigurationPropertySources.get(env),
        new PropertySourcesPlaceholdersResolver(env))
        .bindOrCreate("daramjwee", DaramjweeProperties.class);
  }
}
