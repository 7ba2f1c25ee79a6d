/* Embedding pmkit through its C ABI only: read a postmortem in any format,
 * print it as Markdown, and report its size in each format.
 *
 *   embed POSTMORTEM_FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include "pmkit.h"

static char* read_file(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* data = NULL;
  long length;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
      fseek(file, 0, SEEK_SET) == 0) {
    data = malloc((size_t)length + 1);
    if (data != NULL && fread(data, 1, (size_t)length, file) != (size_t)length) {
      free(data);
      data = NULL;
    }
    *size = (size_t)length;
  }
  fclose(file);
  return data;
}

int main(int argc, char** argv) {
  size_t size = 0;
  char* data;
  char* error = NULL;
  char* markdown = NULL;
  size_t markdown_size = 0;
  pmkit_postmortem* postmortem = NULL;
  int format;
  int status;

  if (argc != 2) {
    fprintf(stderr, "usage: %s POSTMORTEM_FILE\n", argv[0]);
    return 2;
  }
  if (pmkit_version_number() / 10000 != PMKIT_VERSION_MAJOR) {
    fprintf(stderr, "pmkit library %s does not match header %s\n",
            pmkit_version_string(), PMKIT_VERSION_STRING);
    return 1;
  }
  data = read_file(argv[1], &size);
  if (data == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  status = pmkit_postmortem_parse(data, size, PMKIT_FORMAT_AUTO, &postmortem, &error);
  free(data);
  if (status != PMKIT_OK) {
    fprintf(stderr, "%s: %s: %s\n", argv[1], pmkit_status_name(status), error);
    pmkit_free(error);
    return 1;
  }
  status = pmkit_postmortem_render_markdown(postmortem, &markdown, &markdown_size, &error);
  if (status == PMKIT_OK) {
    fwrite(markdown, 1, markdown_size, stdout);
    pmkit_free(markdown);
  }
  for (format = PMKIT_FORMAT_BINARY; status == PMKIT_OK && format <= PMKIT_FORMAT_TEXT;
       ++format) {
    char* bytes = NULL;
    size_t bytes_size = 0;
    status = pmkit_postmortem_serialize(postmortem, format, &bytes, &bytes_size, &error);
    if (status == PMKIT_OK) {
      fprintf(stderr, "%s: %lu bytes\n", pmkit_format_name(format), (unsigned long)bytes_size);
      pmkit_free(bytes);
    }
  }
  pmkit_postmortem_free(postmortem);
  if (status != PMKIT_OK) {
    fprintf(stderr, "%s: %s\n", pmkit_status_name(status), error);
    pmkit_free(error);
    return 1;
  }
  return 0;
}
