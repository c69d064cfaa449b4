#include "cmecab.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>

typedef void *(*new_fn)(int, char **);
typedef void (*destroy_fn)(void *);
typedef const char *(*strerror_fn)(void *);
typedef const sinmun_mecab_node *(*tonode2_fn)(void *, const char *, size_t);
typedef const char *(*version_fn)(void);

static new_fn p_new;
static destroy_fn p_destroy;
static strerror_fn p_strerror;
static tonode2_fn p_tonode2;
static version_fn p_version;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int sinmun_mecab_load(const char *library, char *error, size_t size) {
    pthread_mutex_lock(&lock);
    if (p_tonode2) { pthread_mutex_unlock(&lock); return 0; }
    const char *names[] = { library, "libmecab.so.2", "libmecab.so", "libmecab.2.dylib", "libmecab.dylib" };
    void *handle = NULL;
    const char *last = "libmecab not found";
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !handle; i++) {
        if (!names[i]) continue;
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!handle) { const char *e = dlerror(); if (e) last = e; }
    }
    if (!handle) {
        if (error && size) snprintf(error, size, "%s", last);
        pthread_mutex_unlock(&lock);
        return 1;
    }
    p_new = (new_fn)dlsym(handle, "mecab_new");
    p_destroy = (destroy_fn)dlsym(handle, "mecab_destroy");
    p_strerror = (strerror_fn)dlsym(handle, "mecab_strerror");
    p_version = (version_fn)dlsym(handle, "mecab_version");
    tonode2_fn tonode = (tonode2_fn)dlsym(handle, "mecab_sparse_tonode2");
    if (!p_new || !p_destroy || !p_strerror || !p_version || !tonode) {
        if (error && size) snprintf(error, size, "the MeCab library lacks the C API (mecab_new, mecab_sparse_tonode2)");
        pthread_mutex_unlock(&lock);
        return 2;
    }
    p_tonode2 = tonode;
    pthread_mutex_unlock(&lock);
    return 0;
}

const char *sinmun_mecab_version(void) { return p_version ? p_version() : NULL; }
void *sinmun_mecab_new(const char *dicdir) {
    if (!p_new) return NULL;
    // An argument vector, not mecab_new2's string: that one splits at spaces and knows no
    // quoting, so a dictionary path with a space would break it. No mecabrc is read.
    char *argv[] = { "mecab", "-r", "/dev/null", "-d", (char *)dicdir, NULL };
    // MeCab keeps global state while it opens a dictionary (its error buffer, option
    // parsing): taggers are made and destroyed one at a time.
    pthread_mutex_lock(&lock);
    void *tagger = p_new(5, argv);
    pthread_mutex_unlock(&lock);
    return tagger;
}
void sinmun_mecab_destroy(void *tagger) {
    if (!p_destroy || !tagger) return;
    pthread_mutex_lock(&lock);
    p_destroy(tagger);
    pthread_mutex_unlock(&lock);
}
const char *sinmun_mecab_strerror(void *tagger) { return p_strerror ? p_strerror(tagger) : "MeCab is not loaded"; }
const sinmun_mecab_node *sinmun_mecab_parse(void *tagger, const char *text, size_t length) {
    return p_tonode2 ? p_tonode2(tagger, text, length) : NULL;
}
