package io.daramjwee.sample;

import io.daramjwee.spring.Daramjwee;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /reports/{id}?sizeMb=N}: N MiB (1 to 4096) of bytes fixed by the id, streamed
 * asynchronously. Shows that neither a miss (streamed to the client and into the cache at once)
 * nor a hit holds a whole body in memory. Only {@code sizeMb} joins the cache key.
 */
@RestController
class ReportController {

  static final int MAX_SIZE_MB = 4096;

  @GetMapping("/reports/{id}")
  @Daramjwee(maxObjectSize = "2GB", queryInclude = "sizeMb")
  ResponseEntity<StreamingResponseBody> report(@PathVariable long id,
      @RequestParam int sizeMb) {
    if (sizeMb < 1 || sizeMb > MAX_SIZE_MB) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "sizeMb must be between 1 and " + MAX_SIZE_MB + ": " + sizeMb);
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .contentLength(sizeMb * ReportBytes.MIB)
        .body(out -> ReportBytes.write(id, sizeMb, out));
  }
}
