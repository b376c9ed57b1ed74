// libyaml from Debian (libyaml-dev), as ncurses and libedit are: the core reads flows with its event
// parser. Yams keeps its own copy of libyaml in an internal target that it does not offer as a
// product, so the core no longer reaches into it (issue 33, item 16).
#ifndef INTAKE_CLIBYAML_SHIM_H
#define INTAKE_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
