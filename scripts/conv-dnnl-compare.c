// Times oneDNN's own convolution primitives (forward, backward data, backward weights + bias) on the
// slides' two conv layers, batch N (default 100), 1 thread: the measurement behind keeping
// im2col + sgemm and the direct kernels in Sources/GradEngine/Ops/Conv.swift. Needs libdnnl-dev:
//   gcc -O2 scripts/conv-dnnl-compare.c -o /tmp/cdc -ldnnl && OMP_NUM_THREADS=1 /tmp/cdc 100
// then `.build/release/gradstep bench step --threads 1` in the same run for the engine's whole step.
// Mode 0: plain nchw/oihw (the engine's layouts, no reorders); mode 1 (conv2 only): format "any", the
// primitive's own blocked layouts, reorders not counted (a lower bound). conv1 in "any" or nhwc ran
// 10-100x slower (oneDNN 2.6.3 chose its reference kernel) and is left out.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <oneapi/dnnl/dnnl.h>
#define CHK(x) do{dnnl_status_t s_=(x); if(s_!=dnnl_success){fprintf(stderr,"%s:%d %s -> %d\n",__FILE__,__LINE__,#x,s_);exit(1);}}while(0)
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static dnnl_engine_t eng; static dnnl_stream_t st;
static const char* impl(const_dnnl_primitive_desc_t pd){const char*s=0;dnnl_primitive_desc_query(pd,dnnl_query_impl_info_str,0,&s);return s;}
static void run(const char*name,int N,int C,int H,int O,int K,int anyfmt){
  int OH=H-K+1;
  dnnl_dims_t sd={N,C,H,H}, wd={O,C,K,K}, bd={O}, dd={N,O,OH,OH}, strides={1,1}, pad={0,0};
  dnnl_memory_desc_t smd,wmd,bmd,dmd;
  dnnl_format_tag_t ft = anyfmt ? dnnl_format_tag_any : dnnl_nchw, wt = anyfmt ? dnnl_format_tag_any : dnnl_oihw;
  CHK(dnnl_memory_desc_init_by_tag(&smd,4,sd,dnnl_f32,ft));
  CHK(dnnl_memory_desc_init_by_tag(&wmd,4,wd,dnnl_f32,wt));
  CHK(dnnl_memory_desc_init_by_tag(&bmd,1,bd,dnnl_f32,dnnl_x));
  CHK(dnnl_memory_desc_init_by_tag(&dmd,4,dd,dnnl_f32,ft));
  dnnl_convolution_desc_t fd,bdd,bwd;
  CHK(dnnl_convolution_forward_desc_init(&fd,dnnl_forward_training,dnnl_convolution_direct,&smd,&wmd,&bmd,&dmd,strides,pad,pad));
  dnnl_primitive_desc_t fpd,bdpd,bwpd;
  CHK(dnnl_primitive_desc_create(&fpd,&fd,NULL,eng,NULL));
  CHK(dnnl_convolution_backward_data_desc_init(&bdd,dnnl_convolution_direct,&smd,&wmd,&dmd,strides,pad,pad));
  CHK(dnnl_primitive_desc_create(&bdpd,&bdd,NULL,eng,fpd));
  CHK(dnnl_convolution_backward_weights_desc_init(&bwd,dnnl_convolution_direct,&smd,&wmd,&bmd,&dmd,strides,pad,pad));
  CHK(dnnl_primitive_desc_create(&bwpd,&bwd,NULL,eng,fpd));
  const dnnl_memory_desc_t *fs=dnnl_primitive_desc_query_md(fpd,dnnl_query_src_md,0),*fw=dnnl_primitive_desc_query_md(fpd,dnnl_query_weights_md,0),*fdst=dnnl_primitive_desc_query_md(fpd,dnnl_query_dst_md,0);
  dnnl_memory_t ms,mw,mb,md,mds,mdw,mdb,mdd;
  CHK(dnnl_memory_create(&ms,fs,eng,DNNL_MEMORY_ALLOCATE)); CHK(dnnl_memory_create(&mw,fw,eng,DNNL_MEMORY_ALLOCATE));
  CHK(dnnl_memory_create(&mb,&bmd,eng,DNNL_MEMORY_ALLOCATE)); CHK(dnnl_memory_create(&md,fdst,eng,DNNL_MEMORY_ALLOCATE));
  CHK(dnnl_memory_create(&mds,dnnl_primitive_desc_query_md(bdpd,dnnl_query_diff_src_md,0),eng,DNNL_MEMORY_ALLOCATE));
  CHK(dnnl_memory_create(&mdd,dnnl_primitive_desc_query_md(bdpd,dnnl_query_diff_dst_md,0),eng,DNNL_MEMORY_ALLOCATE));
  CHK(dnnl_memory_create(&mdw,dnnl_primitive_desc_query_md(bwpd,dnnl_query_diff_weights_md,0),eng,DNNL_MEMORY_ALLOCATE));
  CHK(dnnl_memory_create(&mdb,&bmd,eng,DNNL_MEMORY_ALLOCATE));
  void*p; dnnl_memory_get_data_handle(ms,&p); for(long i=0;i<(long)N*C*H*H;i++)((float*)p)[i]=(i%13)*0.1f-0.6f;
  dnnl_memory_get_data_handle(mw,&p); for(long i=0;i<(long)O*C*K*K;i++)((float*)p)[i]=(i%7)*0.05f-0.15f;
  dnnl_memory_get_data_handle(mdd,&p); for(long i=0;i<(long)N*O*OH*OH;i++)((float*)p)[i]=(i%11)*0.01f-0.05f;
  dnnl_primitive_t pf,pbd,pbw; CHK(dnnl_primitive_create(&pf,fpd)); CHK(dnnl_primitive_create(&pbd,bdpd)); CHK(dnnl_primitive_create(&pbw,bwpd));
  dnnl_exec_arg_t af[]={{DNNL_ARG_SRC,ms},{DNNL_ARG_WEIGHTS,mw},{DNNL_ARG_BIAS,mb},{DNNL_ARG_DST,md}};
  dnnl_exec_arg_t abd[]={{DNNL_ARG_DIFF_SRC,mds},{DNNL_ARG_WEIGHTS,mw},{DNNL_ARG_DIFF_DST,mdd}};
  dnnl_exec_arg_t abw[]={{DNNL_ARG_SRC,ms},{DNNL_ARG_DIFF_WEIGHTS,mdw},{DNNL_ARG_DIFF_BIAS,mdb},{DNNL_ARG_DIFF_DST,mdd}};
  int reps=200; double t[3];
  dnnl_primitive_t ps[3]={pf,pbd,pbw}; dnnl_exec_arg_t*as[3]={af,abd,abw}; int na[3]={4,3,4};
  for(int k=0;k<3;k++){ for(int r=0;r<5;r++) CHK(dnnl_primitive_execute(ps[k],st,na[k],as[k])); dnnl_stream_wait(st);
    double t0=now(); for(int r=0;r<reps;r++) CHK(dnnl_primitive_execute(ps[k],st,na[k],as[k])); dnnl_stream_wait(st); t[k]=(now()-t0)/reps*1e3; }
  printf("%s N=%d %s: fwd %.3f ms [%s]\n  bwd_data %.3f ms [%s]\n  bwd_w %.3f ms [%s]\n",name,N,anyfmt?"any":"nchw",t[0],impl(fpd),t[1],impl(bdpd),t[2],impl(bwpd));
}
int main(int argc,char**argv){
  CHK(dnnl_engine_create(&eng,dnnl_cpu,0)); CHK(dnnl_stream_create(&st,eng,dnnl_stream_default_flags));
  int N=argc>1?atoi(argv[1]):100;
  setvbuf(stdout,0,_IONBF,0);
  int modes[]={0,1}; // nchw for both; "any" (blocked) for conv2 only (conv1 any/nhwc measured 100x slower)
  for(int m=0;m<2;m++){ int a=modes[m]; if(argc>2 && a!=atoi(argv[2])) continue;
    if(a==0) run("conv1",N,1,28,10,5,a);
    run("conv2",N,10,12,20,5,a);}
}
