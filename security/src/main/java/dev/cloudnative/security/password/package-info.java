/**
 * Password hashers (Argon2id, PBKDF2-HMAC-SHA256, delegating) with PHC encodings, and the shipped
 * common-password list.
 */
package dev.cloudnative.security.password;
