/* Pustaka Praktik Baik KKS: small enhancements; every page works without this script. */
