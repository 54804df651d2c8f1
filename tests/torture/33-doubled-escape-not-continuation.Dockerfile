FROM alpine
RUN echo \\
CMD x
RUN echo \  	
  continued
