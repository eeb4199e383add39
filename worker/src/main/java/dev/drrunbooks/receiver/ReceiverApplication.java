package dev.drrunbooks.receiver;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The alert receiver as a small Spring Boot web app: Tomcat, the controller, nothing else (the
 * worker's beans are not part of it). Request bodies are bounded by the controller and by Tomcat.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReceiverController.class)
public class ReceiverApplication {

  /**
   * The chat platforms whose gate buttons this receiver answers; null for a platform that is not
   * configured (its endpoint then says so with a 404).
   */
  public record Chats(SlackActions slack, FeishuActions feishu, DingTalkActions dingtalk) {
    public static Chats none() {
      return new Chats(null, null, null);
    }

    /** The endpoints configured, for the start-up line. */
    public String endpoints() {
      return (slack == null ? "" : ", POST /chat/slack/actions")
          + (feishu == null ? "" : ", POST /chat/feishu/actions")
          + (dingtalk == null ? "" : ", POST /chat/dingtalk/robot");
    }
  }

  /** Starts it on {@code port} (0: any free port) around a ready receiver. */
  public static ConfigurableApplicationContext start(int port, AlertReceiver receiver) {
    return start(port, receiver, Chats.none());
  }

  /** With gate decisions from the chats configured in {@code chats}. */
  public static ConfigurableApplicationContext start(
      int port, AlertReceiver receiver, Chats chats) {
    return new SpringApplicationBuilder(ReceiverApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties(
            "server.port=" + port,
            "server.tomcat.max-swallow-size=1MB",
            "server.tomcat.max-http-form-post-size=0",
            "spring.main.banner-mode=off")
        .initializers(
            context -> {
              GenericApplicationContext c = (GenericApplicationContext) context;
              c.registerBean(AlertReceiver.class, () -> receiver);
              c.registerBean(Chats.class, () -> chats);
            })
        .run();
  }
}
