FROM debian:12
RUN echo one \

    && echo two \
   
    && echo three
CMD x
