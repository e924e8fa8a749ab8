// Compares oneDNN sgemm with OpenBLAS on the slides' network's GEMM shapes (1 thread), the measurement
// behind the choice in Sources/GradEngine/Gemm.swift. Needs libdnnl-dev and libopenblas-dev:
//   gcc -O2 -DUSE_DNNL scripts/gemm-compare.c -o /tmp/gd -ldnnl && OMP_NUM_THREADS=1 /tmp/gd
//   gcc -O2 scripts/gemm-compare.c -o /tmp/go -I/usr/include/x86_64-linux-gnu/openblas-pthread -lopenblas && OPENBLAS_NUM_THREADS=1 /tmp/go
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef USE_DNNL
#include <oneapi/dnnl/dnnl.h>
#define GEMM(m,n,k,a,b,c) dnnl_sgemm('N','N',m,n,k,1.0f,a,k,b,n,0.0f,c,n)
#else
#include <cblas.h>
#define GEMM(m,n,k,a,b,c) cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,m,n,k,1.0f,a,k,b,n,0.0f,c,n)
#endif
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  int shapes[][3]={{10,576,25},{20,64,250},{100,50,320},{250,64,20},{20,250,64},{2000,576,25}};
  const char* names[]={"conv1 fwd/img [10,25]x[25,576]","conv2 fwd/img [20,250]x[250,64]","fc1 fwd [100,320]x[320,50]","conv2 dcols/img [250,20]x[20,64]","conv2 dW/img [20,64]x[64,250]","big [2000,25]x[25,576]"};
  for(int s=0;s<6;s++){int m=shapes[s][0],n=shapes[s][1],k=shapes[s][2];
    float*a=malloc(4L*m*k),*b=malloc(4L*k*n),*c=malloc(4L*m*n);
    for(long i=0;i<(long)m*k;i++)a[i]=(i%7)*0.1f; for(long i=0;i<(long)k*n;i++)b[i]=(i%5)*0.1f;
    int reps= (int)(2e9/(2.0*m*n*k)); if(reps<10)reps=10;
    GEMM(m,n,k,a,b,c); double t0=now(); for(int r=0;r<reps;r++) GEMM(m,n,k,a,b,c); double t=now()-t0;
    printf("%-36s %7.1f GFLOP/s\n",names[s],2.0*m*n*k*reps/t/1e9); free(a);free(b);free(c);}
}
