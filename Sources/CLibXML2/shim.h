#ifndef BBT_CLIBXML2_SHIM_H
#define BBT_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its encoding.h then includes the system ICU headers, which
// clash with the ICU that Foundation bundles ("'UErrorCode' has different definitions"). Nothing we
// use needs libxml2's ICU parts, so switch them off before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlreader.h>

// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void bbt_xmlFree(void *p) { xmlFree(p); }

#endif
