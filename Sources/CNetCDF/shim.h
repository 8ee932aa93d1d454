// The netCDF C library (Debian's libnetcdf-dev): the netCDF-4 files that
// ArviZ reads as InferenceData. Not API.
#ifndef LATENT_CNETCDF_SHIM_H
#define LATENT_CNETCDF_SHIM_H
#include <netcdf.h>
#endif
