#ifndef RUNTIME_CURL_H
#define RUNTIME_CURL_H
// Declarations of the curl shim go here.
#endif
