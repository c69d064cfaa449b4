// MeCab's C API, loaded at run time with dlopen so that Sinmun builds and runs on a machine
// without MeCab; only the commands that need the Korean analyser ask for it.
#ifndef SINMUN_CMECAB_H
#define SINMUN_CMECAB_H

#include <stddef.h>

// The node layout of MeCab 0.996 (mecab.h, struct mecab_node_t): a stable public ABI.
typedef struct sinmun_mecab_node {
    struct sinmun_mecab_node *prev;
    struct sinmun_mecab_node *next;
    struct sinmun_mecab_node *enext;
    struct sinmun_mecab_node *bnext;
    void *rpath;
    void *lpath;
    const char *surface;
    const char *feature;
    unsigned int id;
    unsigned short length;
    unsigned short rlength;
    unsigned short rcAttr;
    unsigned short lcAttr;
    unsigned short posid;
    unsigned char char_type;
    unsigned char stat;
    unsigned char isbest;
    float alpha;
    float beta;
    float prob;
    short wcost;
    long cost;
} sinmun_mecab_node;

/// Node kinds (`stat`): a word, an unknown word, the beginning and the end of a sentence.
enum { SINMUN_MECAB_NOR_NODE = 0, SINMUN_MECAB_UNK_NODE = 1, SINMUN_MECAB_BOS_NODE = 2, SINMUN_MECAB_EOS_NODE = 3 };

/// Loads libmecab (the file names are tried in order; NULL tries the usual sonames). Returns 0
/// on success; otherwise writes the loader's message into `error` (at most `size` bytes).
int sinmun_mecab_load(const char *library, char *error, size_t size);

/// The loaded library's version, or NULL before a successful load.
const char *sinmun_mecab_version(void);

/// A tagger for the dictionary folder `dicdir` (no mecabrc is read), or NULL; see
/// sinmun_mecab_strerror.
void *sinmun_mecab_new(const char *dicdir);
void sinmun_mecab_destroy(void *tagger);
/// MeCab's last error for a tagger (NULL: the error of a failed sinmun_mecab_new).
const char *sinmun_mecab_strerror(void *tagger);
/// Parses `length` bytes; the nodes live until the tagger parses again or is destroyed.
const sinmun_mecab_node *sinmun_mecab_parse(void *tagger, const char *text, size_t length);

#endif
