// Shims for the OpenSSL 3 function-like macros that Swift cannot import.
// Each is a `static inline` wrapper with the macro's name prefixed by `shim_`;
// nothing here decides anything: policy lives in Swift.
#ifndef STAPLEBENCH_COPENSSL_SHIM_H
#define STAPLEBENCH_COPENSSL_SHIM_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/ocsp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// MARK: stapling (tls1.h)

typedef int (*shim_status_cb)(SSL *ssl, void *arg);

static inline long shim_SSL_CTX_set_tlsext_status_cb(SSL_CTX *ctx, shim_status_cb cb) {
    return SSL_CTX_set_tlsext_status_cb(ctx, cb);
}
static inline long shim_SSL_CTX_set_tlsext_status_arg(SSL_CTX *ctx, void *arg) {
    return SSL_CTX_set_tlsext_status_arg(ctx, arg);
}
static inline long shim_SSL_set_tlsext_status_type(SSL *ssl, int type) {
    return SSL_set_tlsext_status_type(ssl, type);
}
/// Borrows the stapled response the client received; returns its length, or -1 when none.
static inline long shim_SSL_get_tlsext_status_ocsp_resp(SSL *ssl, const unsigned char **resp) {
    return SSL_get_tlsext_status_ocsp_resp(ssl, resp);
}
/// Hands `resp` (which must come from OPENSSL_malloc) to the SSL, which frees it.
static inline long shim_SSL_set_tlsext_status_ocsp_resp(SSL *ssl, unsigned char *resp, long len) {
    return SSL_set_tlsext_status_ocsp_resp(ssl, resp, len);
}
static inline long shim_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

// MARK: protocol versions, modes, verification (ssl.h)

static inline int shim_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int shim_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long shim_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long shim_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
/// Pauses certificate verification; only valid from a client's verify callback.
static inline int shim_SSL_set_retry_verify(SSL *ssl) {
    return SSL_set_retry_verify(ssl);
}
static inline int shim_SSL_want_retry_verify(const SSL *ssl) {
    return SSL_want(ssl) == SSL_RETRY_VERIFY;
}
static inline int shim_SSL_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}

static inline uint64_t shim_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline uint64_t shim_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t shim_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline int shim_SSL_CLIENT_HELLO_RETRY(void) { return SSL_CLIENT_HELLO_RETRY; }
static inline int shim_SSL_CLIENT_HELLO_SUCCESS(void) { return SSL_CLIENT_HELLO_SUCCESS; }
static inline int shim_SSL_CLIENT_HELLO_ERROR(void) { return SSL_CLIENT_HELLO_ERROR; }

typedef int (*shim_verify_cb)(int preverify_ok, X509_STORE_CTX *ctx);
typedef int (*shim_client_hello_cb)(SSL *ssl, int *alert, void *arg);

// MARK: memory (crypto.h: these expand with __FILE__ / __LINE__)

static inline void *shim_OPENSSL_malloc(size_t n) { return OPENSSL_malloc(n); }
static inline void shim_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline void *shim_OPENSSL_memdup(const void *p, size_t n) { return OPENSSL_memdup(p, n); }

// MARK: BIO

static inline size_t shim_BIO_pending(BIO *b) { return BIO_ctrl_pending(b); }
static inline long shim_BIO_set_mem_eof_return(BIO *b, long v) { return BIO_set_mem_eof_return(b, v); }
static inline long shim_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

// MARK: stacks (safestack.h)

static inline int shim_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *shim_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline STACK_OF(X509) *shim_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int shim_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline void shim_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }
static inline void shim_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }
static inline int shim_sk_OPENSSL_STRING_num(const STACK_OF(OPENSSL_STRING) *sk) { return sk_OPENSSL_STRING_num(sk); }
static inline const char *shim_sk_OPENSSL_STRING_value(const STACK_OF(OPENSSL_STRING) *sk, int i) { return sk_OPENSSL_STRING_value(sk, i); }
static inline int shim_sk_ACCESS_DESCRIPTION_num(const AUTHORITY_INFO_ACCESS *sk) { return sk_ACCESS_DESCRIPTION_num(sk); }
static inline ACCESS_DESCRIPTION *shim_sk_ACCESS_DESCRIPTION_value(const AUTHORITY_INFO_ACCESS *sk, int i) { return sk_ACCESS_DESCRIPTION_value(sk, i); }

static inline unsigned long shim_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

// MARK: small accessors for struct fields Swift cannot reach through opaque types

/// The URI of an AIA access description when it is a URI, else NULL.
static inline const ASN1_IA5STRING *shim_ACCESS_DESCRIPTION_uri(const ACCESS_DESCRIPTION *ad, int *is_ocsp) {
    *is_ocsp = OBJ_obj2nid(ad->method) == NID_ad_OCSP;
    if (ad->location == NULL || ad->location->type != GEN_URI) return NULL;
    return ad->location->d.uniformResourceIdentifier;
}

// MARK: packed error codes (ERR_GET_LIB / ERR_GET_REASON are inline functions in OpenSSL 3)

static inline int shim_ERR_GET_LIB(unsigned long code) { return ERR_GET_LIB(code); }
static inline int shim_ERR_GET_REASON(unsigned long code) { return ERR_GET_REASON(code); }

#endif
