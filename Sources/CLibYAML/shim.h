// libyaml from Debian (libyaml-0-2), as ncurses and libedit are: the core reads flows with its event
// parser. Yams keeps its own copy of libyaml in an internal target that it does not offer as a
// product, so the core no longer reaches into it (issue 33, item 16).
//
// libyaml is opened when a YAML file is first read, not linked: a warm start reads the flow's compiled
// form and never parses YAML, and loading the library cost every start (issue 37). It is still
// Debian's library (the package depends on it), so its security updates still apply. The functions
// below stand in for libyaml's own, by the same names with an intake_ prefix.
#ifndef INTAKE_CLIBYAML_SHIM_H
#define INTAKE_CLIBYAML_SHIM_H
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <yaml.h>

typedef struct intake_libyaml {
    int (*parser_initialize)(yaml_parser_t *);
    void (*parser_delete)(yaml_parser_t *);
    void (*parser_set_input_string)(yaml_parser_t *, const unsigned char *, size_t);
    void (*parser_set_encoding)(yaml_parser_t *, yaml_encoding_t);
    int (*parser_parse)(yaml_parser_t *, yaml_event_t *);
    void (*event_delete)(yaml_event_t *);
} intake_libyaml;

// The process's one table (state kept inside functions: Swift does not import a header's variables).
typedef struct intake_yaml_state {
    intake_libyaml lib;
    const char *problem;
} intake_yaml_state;

static inline intake_yaml_state *intake_yaml_shared(void) {
    static intake_yaml_state state;
    return &state;
}

static inline void intake_yaml_open_once(void) {
    intake_yaml_state *state = intake_yaml_shared();
    void *handle = dlopen("libyaml-0.so.2", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) { const char *why = dlerror(); state->problem = why ? strdup(why) : NULL; return; }
#define INTAKE_FIND(field, name) \
    if ((*(void **)&state->lib.field = dlsym(handle, name)) == NULL) { \
        state->problem = "libyaml-0.so.2 has no " name; state->lib.event_delete = NULL; dlclose(handle); return; }
    INTAKE_FIND(parser_initialize, "yaml_parser_initialize")
    INTAKE_FIND(parser_delete, "yaml_parser_delete")
    INTAKE_FIND(parser_set_input_string, "yaml_parser_set_input_string")
    INTAKE_FIND(parser_set_encoding, "yaml_parser_set_encoding")
    INTAKE_FIND(parser_parse, "yaml_parser_parse")
    INTAKE_FIND(event_delete, "yaml_event_delete")
#undef INTAKE_FIND
}

// NULL once libyaml is open (from any thread, once per process); otherwise why it could not be.
static inline const char *intake_yaml_open(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, intake_yaml_open_once);
    intake_yaml_state *state = intake_yaml_shared();
    return state->lib.event_delete != NULL ? NULL : (state->problem ? state->problem : "libyaml-0.so.2 could not be opened");
}

// Each only after intake_yaml_open() returned NULL.
static inline int intake_yaml_parser_initialize(yaml_parser_t *p) { return intake_yaml_shared()->lib.parser_initialize(p); }
static inline void intake_yaml_parser_delete(yaml_parser_t *p) { intake_yaml_shared()->lib.parser_delete(p); }
static inline void intake_yaml_parser_set_input_string(yaml_parser_t *p, const unsigned char *s, size_t n) {
    intake_yaml_shared()->lib.parser_set_input_string(p, s, n);
}
static inline void intake_yaml_parser_set_encoding(yaml_parser_t *p, yaml_encoding_t e) {
    intake_yaml_shared()->lib.parser_set_encoding(p, e);
}
static inline int intake_yaml_parser_parse(yaml_parser_t *p, yaml_event_t *e) { return intake_yaml_shared()->lib.parser_parse(p, e); }
static inline void intake_yaml_event_delete(yaml_event_t *e) { intake_yaml_shared()->lib.event_delete(e); }
#endif
