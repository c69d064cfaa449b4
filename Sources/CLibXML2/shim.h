// libxml2's HTML parser and XPath, for reading saved and crawled news pages.
#ifndef SINMUN_CLIBXML2_SHIM_H
#define SINMUN_CLIBXML2_SHIM_H

// Debian's libxml2 headers pull in the system ICU headers, which clash with the ICU that
// Foundation ships; xmlversion.h decides that, so read it first and switch ICU off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>

// Swift 6 rejects the mutable global `xmlFree` as not concurrency-safe; call it through here.
static inline void sinmun_xmlFree(void *pointer) { xmlFree(pointer); }

// Silences libxml2's default error printer (broken markup is normal on these sites; the
// caller reports what matters itself).
static void sinmun_xmlIgnoreError(void *context, const char *message, ...) { (void)context; (void)message; }
static inline void sinmun_xmlSilenceErrors(void) {
    xmlSetGenericErrorFunc(NULL, sinmun_xmlIgnoreError);
}

#endif
